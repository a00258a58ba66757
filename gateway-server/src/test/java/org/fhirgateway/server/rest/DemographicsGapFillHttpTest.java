package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Labs fill gaps, never overwrite ADT demographics (issue 17): messages posted to {@code /hl7v2} of a real gateway.
 * An ORU whose PID-5 has only the family name keeps the A01's given name and birth date, and fills the phone the A01
 * lacked; a later A08 (the ADT feed) replaces the name. A sender named in {@code v2DemographicsSenders} owns the
 * demographics with every message type.
 */
class DemographicsGapFillHttpTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private RunningGateway gw;

    @AfterEach
    void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    private void start(String extraYaml) throws Exception {
        gw = RunningGateway.start(Files.createTempDirectory("gw-gapfill"), RunningGateway.clientsYaml("")
                + extraYaml, Map.of());
    }

    private void accepted(String message) throws Exception {
        HttpResponse<String> response = gw.send(HttpRequest.newBuilder(URI.create(gw.root() + "/hl7v2"))
                .header("Authorization", "Bearer " + RunningGateway.ADMIN).header("Content-Type", "application/hl7-v2")
                .POST(HttpRequest.BodyPublishers.ofString(message)).build());
        assertTrue(response.body().contains("MSA|AA"), response.body());
    }

    private Patient patient() throws Exception {
        HttpResponse<String> response = gw.get("/Patient?identifier=GF-MRN", RunningGateway.ADMIN);
        assertEquals(200, response.statusCode(), response.body());
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
        assertEquals(1, bundle.getEntry().size());
        return (Patient) bundle.getEntryFirstRep().getResource();
    }

    /** PID with PID-5 (name), PID-7 (birth date), PID-8 (sex) and PID-13 (phone). */
    private static String pid(String name, String birth, String sex, String phone) {
        String[] f = new String[14];
        java.util.Arrays.fill(f, "");
        f[0] = "PID";
        f[1] = "1";
        f[3] = "GF-MRN^^^GFHOSP^MR";
        f[5] = name;
        f[7] = birth;
        f[8] = sex;
        f[13] = phone;
        return String.join("|", f);
    }

    private static String adt(String event, String control, String pid) {
        return "MSH|^~\\&|REG|GFHOSP|GW|GW|20261201100000+0000||ADT^" + event + "^ADT_A01|" + control + "|P|2.5.1\r"
                + "EVN|" + event + "|20261201100000+0000\r" + pid + "\rPV1|1|O|CLINIC^^^GFHOSP\r";
    }

    private static String oru(String sender, String control, String pid) {
        return "MSH|^~\\&|" + sender + "|GFLAB|GW|GW|20261201120000+0000||ORU^R01^ORU_R01|" + control + "|P|2.5.1\r"
                + pid + "\rOBR|1|PLC-" + control + "^EHR|FIL-" + control + "^LABSYS|24331-1^Lipid panel^LN|||"
                + "20261201090000+0000\rOBX|1|NM|2093-3^Cholesterol^LN||5.2|mmol/L^^UCUM|||||F\r";
    }

    @Test
    void aLabFillsGapsAndTheAdtFeedStillReplaces() throws Exception {
        start("");
        accepted(adt("A01", "GF-1", pid("Gap^Gina^Maria", "19650505", "F", "")));
        accepted(oru("LABSYS", "GF-2", pid("Gap", "19700101", "M", "^PRN^PH^^^555^1234567")));
        Patient afterLab = patient();
        assertEquals("Gina", afterLab.getNameFirstRep().getGivenAsSingleString().split(" ")[0],
                "the lab's family-only name did not drop the given name");
        assertEquals("Gap", afterLab.getNameFirstRep().getFamily());
        assertEquals("1965-05-05", afterLab.getBirthDateElement().getValueAsString(), "the ADT's birth date kept");
        assertEquals("female", afterLab.getGender().toCode(), "the ADT's sex kept");
        assertTrue(afterLab.getTelecom().stream().anyMatch(t -> t.getValue() != null && t.getValue().contains("1234567")),
                "the phone the A01 lacked was filled from the lab: " + afterLab.getTelecom());

        accepted(adt("A08", "GF-3", pid("Gap^Georgina", "19650506", "F", "")));
        Patient afterUpdate = patient();
        assertEquals("Georgina", afterUpdate.getNameFirstRep().getGivenAsSingleString(), "the ADT feed replaces");
        assertEquals("1965-05-06", afterUpdate.getBirthDateElement().getValueAsString());
    }

    @Test
    void aSenderThatOwnsDemographicsReplacesWithAnyMessage() throws Exception {
        start("v2DemographicsSenders: \"OWNLAB, other\"\n");
        accepted(adt("A01", "GO-1", pid("Gap^Gina", "19650505", "F", "")));
        accepted(oru("OWNLAB", "GO-2", pid("Gap^Gill", "19650505", "F", "")));
        assertEquals("Gill", patient().getNameFirstRep().getGivenAsSingleString());
    }
}
