package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.fhirgateway.mappers.MapperConfig;
import org.fhirgateway.mappers.MessageMapper;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stored but not served (issue 17): corpus messages that together make every resource type the mappers write are
 * posted to {@code /hl7v2} of a real gateway; each type in their bundles is then searched, read by id and found in
 * the CapabilityStatement. And a restricted patient's Immunization and ServiceRequest are withheld like the rest of
 * the compartment.
 */
class TypesServedHttpTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final List<String> FILES = List.of("ADT-A01-01.hl7", "ADT-A41-01.hl7", "OMG-O19-01.hl7",
            "MDM-T01-01.hl7", "RDS-O13-01.hl7", "IZ_1_1.1_Admin_Child_Max_Message.hl7", "LAB-ORU-1.hl7",
            "SIU-S12-01.hl7");
    private static final SharedGateway SHARED = new SharedGateway();
    private static RunningGateway gw;
    private static final Set<String> WRITTEN = new TreeSet<>();

    @BeforeAll
    static void ingestTheCorpus() throws Exception {
        gw = SHARED.get();
        MessageMapper mapper = new MessageMapper(MapperConfig.defaults());
        for (String file : FILES) {
            String message = corpus(file);
            mapper.map(message).bundle().getEntry().forEach(e -> WRITTEN.add(e.getResource().fhirType()));
            accepted(message);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        SHARED.close();
    }

    /** A corpus file of the test resources, made a new message for the inbox (see {@link #withControlId}). */
    static String corpus(String file) throws Exception {
        try (InputStream in = TypesServedHttpTest.class.getResourceAsStream("/v2/feeds/" + file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            text = text.startsWith("\uFEFF") ? text.substring(1) : text; // the files' byte order mark
            return withControlId(text, file);
        }
    }

    /**
     * The corpus files share sending facilities and control ids (each was written alone): MSH-10 is made the file's
     * name so that the inbox takes each as a new message, and MSH-15/16 are emptied so the answer is the original
     * mode's AA after the message is applied.
     */
    private static String withControlId(String message, String file) {
        int end = message.indexOf('\r') >= 0 ? message.indexOf('\r') : message.indexOf('\n');
        String[] msh = message.substring(0, end).split("\\|", -1);
        msh[9] = "TS-" + file.replaceAll("[^A-Za-z0-9]", "");
        for (int i = 14; i <= 15 && i < msh.length; i++) {
            msh[i] = "";
        }
        return String.join("|", msh) + message.substring(end);
    }

    private static void accepted(String message) throws Exception {
        HttpResponse<String> response = gw.send(HttpRequest.newBuilder(URI.create(gw.root() + "/hl7v2"))
                .header("Authorization", "Bearer " + RunningGateway.ADMIN).header("Content-Type", "application/hl7-v2")
                .POST(HttpRequest.BodyPublishers.ofString(message)).build());
        assertTrue(response.body().contains("MSA|AA"), response.body());
    }

    private static Bundle search(String query, String token) throws Exception {
        HttpResponse<String> response = gw.get("/" + query, token);
        assertEquals(200, response.statusCode(), query + ": " + response.body());
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    }

    @Test
    void theCorpusWritesTheNewTypes() {
        assertTrue(WRITTEN.containsAll(Set.of("Device", "ServiceRequest", "Specimen", "Immunization",
                "DocumentReference", "MedicationRequest", "MedicationDispense", "Appointment", "Account")), WRITTEN
                .toString());
    }

    @Test
    void everyWrittenTypeIsSearchedAndReadBack() throws Exception {
        for (String type : WRITTEN) {
            Bundle page = search(type + "?_count=1", RunningGateway.ADMIN);
            assertEquals(1, page.getEntry().size(), type + " found");
            Resource found = page.getEntryFirstRep().getResource();
            assertEquals(type, found.fhirType());
            HttpResponse<String> read = gw.get("/" + type + "/" + found.getIdElement().getIdPart(), RunningGateway.ADMIN);
            assertEquals(200, read.statusCode(), type + ": " + read.body());
            assertEquals(type, FHIR.newJsonParser().parseResource(read.body()).fhirType());
        }
    }

    @Test
    void theCapabilityStatementListsEveryWrittenType() throws Exception {
        HttpResponse<String> response = gw.get("/metadata", null);
        assertEquals(200, response.statusCode());
        CapabilityStatement cs = FHIR.newJsonParser().parseResource(CapabilityStatement.class, response.body());
        Set<String> listed = new TreeSet<>();
        cs.getRestFirstRep().getResource().forEach(r -> {
            listed.add(r.getType());
            if (WRITTEN.contains(r.getType())) {
                assertTrue(r.hasSearchParam(), r.getType() + " has search parameters");
            }
        });
        assertTrue(listed.containsAll(WRITTEN), listed + " lists " + WRITTEN);
    }

    @Test
    void aRestrictedPatientsImmunizationAndOrderAreWithheld() throws Exception {
        String patient = "PID|1||RST-MRN^^^RSTHOSP^MR||Hidden^Hana||19800101|F\rPD1||||||||||||Y\r";
        accepted("MSH|^~\\&|EHR|RSTHOSP|GW|GW|20261201100000+0000||VXU^V04^VXU_V04|RST-1|P|2.5.1\r" + patient
                + "ORC|RE||RST-IZ-1^RSTHOSP\r"
                + "RXA|0|1|20261130||140^Influenza, seasonal^CVX|0.5|mL^mL^UCUM||00^New immunization record^NIP001\r");
        accepted("MSH|^~\\&|EHR|RSTHOSP|GW|GW|20261201110000+0000||ORM^O01^ORM_O01|RST-2|P|2.5.1\r" + patient
                + "ORC|NW|RST-ORD-1^RSTHOSP\rOBR|1|RST-ORD-1^RSTHOSP||24331-1^Lipid panel^LN\r");
        Bundle patients = search("Patient?identifier=RST-MRN", RunningGateway.ADMIN);
        assertEquals(1, patients.getEntry().size());
        String id = "Patient/" + patients.getEntryFirstRep().getResource().getIdElement().getIdPart();
        for (String type : List.of("Immunization", "ServiceRequest")) {
            assertEquals(1, search(type + "?patient=" + id, RunningGateway.ADMIN).getEntry().size(),
                    type + " stored and seen by operations");
            assertEquals(0, search(type + "?patient=" + id, RunningGateway.RESTRICTED).getEntry().size(),
                    type + " withheld from a client that may not see restricted");
        }
    }
}
