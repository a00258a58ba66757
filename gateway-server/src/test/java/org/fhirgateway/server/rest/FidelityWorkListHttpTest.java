package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Messages the gateway once refused, posted to {@code /hl7v2} of a real gateway: applied (AA), and put on the
 * data-quality work list with the kind that says why (issue 17). Each test has its own sender.
 */
class FidelityWorkListHttpTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String KINDS = "http://fhirgateway.org/fhir/CodeSystem/data-quality-issue|";
    private static final SharedGateway SHARED = new SharedGateway();
    private static RunningGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = SHARED.get();
    }

    @AfterAll
    static void stop() throws Exception {
        SHARED.close();
    }

    private static void accepted(String message) throws Exception {
        HttpResponse<String> response = gw.send(HttpRequest.newBuilder(URI.create(gw.root() + "/hl7v2"))
                .header("Authorization", "Bearer " + RunningGateway.ADMIN).header("Content-Type", "application/hl7-v2")
                .POST(HttpRequest.BodyPublishers.ofString(message)).build());
        assertTrue(response.body().contains("MSA|AA"), response.body());
    }

    private static Bundle search(String query) throws Exception {
        HttpResponse<String> response = gw.get("/" + query.replace("|", "%7C"), RunningGateway.ADMIN);
        assertEquals(200, response.statusCode(), response.body());
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    }

    private static List<Task> tasks(String sender, String kind) throws Exception {
        return search("Task?requester:identifier=http://fhirgateway.org/fhir/sending-facility|" + sender + "&code="
                + KINDS + kind).getEntry().stream().map(e -> (Task) e.getResource()).toList();
    }

    private static String adt(String sender, String control, String time, String evnTime, String pid, String pv1Extra) {
        return "MSH|^~\\&|REG|" + sender + "|GW|GW|" + time + "||ADT^A04^ADT_A01|" + control + "|P|2.5.1\r"
                + "EVN|A04|" + evnTime + "\r" + pid + "\r"
                + "PV1|1|O|CLINIC^^^" + sender + "|||||||" + pv1Extra + "|||||||||" + control + "-V^^^" + sender + "^VN\r";
    }

    @Test
    void aPatientWithoutIdentifierIsAppliedUnderAGatewayKeyOnceAndListed() throws Exception {
        String pid = "PID|1||||Nobody^Nora||19660101|F";
        accepted(adt("FBHOSP", "FB-1", "20261201100000+0000", "", pid, ""));
        accepted(adt("FBHOSP", "FB-2", "20261201110000+0000", "", pid, ""));
        Bundle patients = search("Patient?family=Nobody");
        assertEquals(1, patients.getEntry().size(), "the second message found the same Patient");
        Patient patient = (Patient) patients.getEntryFirstRep().getResource();
        assertTrue(patient.getIdentifier().stream().anyMatch(i -> "urn:fhirgateway:key".equals(i.getSystem())));
        List<Task> tasks = tasks("FBHOSP", "fallback-identity");
        assertEquals(1, tasks.size(), "one Task for the patient, not one per message");
        assertEquals("Patient/" + patient.getIdElement().getIdPart(), tasks.get(0).getFor().getReference());
        assertTrue(tasks.get(0).getDescription().contains("gateway key"), tasks.get(0).getDescription());
    }

    @Test
    void anOruWithoutPatientIsAppliedWithoutSubjectAndListed() throws Exception {
        accepted("MSH|^~\\&|LABSYS|FBLAB|GW|GW|20261201120000+0000||ORU^R01^ORU_R01|NP-1|P|2.5.1\r"
                + "OBR|1|PLC-NP^EHR|FIL-NP^LABSYS|24331-1^Lipid panel^LN|||20261201090000+0000\r"
                + "OBX|1|NM|2093-3^Cholesterol^LN||5.2|mmol/L^^UCUM|||||F\r");
        Bundle reports = search("DiagnosticReport?identifier=FIL-NP");
        assertEquals(1, reports.getEntry().size());
        DiagnosticReport report = (DiagnosticReport) reports.getEntryFirstRep().getResource();
        assertFalse(report.hasSubject());
        assertEquals(1, report.getResult().size());
        List<Task> tasks = tasks("FBLAB", "no-patient");
        assertEquals(1, tasks.size());
        assertFalse(tasks.get(0).hasFor());
    }

    @Test
    void aMalformedMessageTimeIsRepairedAndListed() throws Exception {
        accepted(adt("FBTIME", "TM-1", "20261201122406637+0000", "", "PID|1||TM-MRN^^^FBTIME^MR||Time^Tom||19700101|M", ""));
        Patient patient = (Patient) search("Patient?identifier=TM-MRN").getEntryFirstRep().getResource();
        Provenance provenance = (Provenance) search("Provenance?target=Patient/" + patient.getIdElement().getIdPart())
                .getEntryFirstRep().getResource();
        assertEquals(Instant.parse("2026-12-01T12:24:06.637Z"), provenance.getRecorded().toInstant(),
                "MSH-7 read with its milliseconds");
        assertEquals(1, tasks("FBTIME", "invalid-date").size());
    }

    @Test
    void aMessageWithoutAnyTimeGetsTheReceivedTime() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        accepted(adt("FBNOTIME", "NT-1", "", "", "PID|1||NT-MRN^^^FBNOTIME^MR||Never^Ned||19700101|M", ""));
        Instant after = Instant.now().plusSeconds(1);
        Patient patient = (Patient) search("Patient?identifier=NT-MRN").getEntryFirstRep().getResource();
        Provenance provenance = (Provenance) search("Provenance?target=Patient/" + patient.getIdElement().getIdPart())
                .getEntryFirstRep().getResource();
        Instant recorded = provenance.getRecorded().toInstant();
        assertTrue(!recorded.isBefore(before) && !recorded.isAfter(after), recorded + " is the received time");
    }

    @Test
    void aCodeOutsideItsTableIsStoredUnderTheLocalSystemAndListed() throws Exception {
        accepted(adt("FBCODE", "TC-1", "20261201130000+0000", "",
                "PID|1||TC-MRN^^^FBCODE^MR||Code^Cora||19700101|F", "EMR^Emergency^HL70069"));
        List<Task> tasks = tasks("FBCODE", "unmapped-code");
        assertEquals(1, tasks.size());
        assertTrue(tasks.get(0).getDescription().contains("'EMR' is not in HL7 table 0069"),
                tasks.get(0).getDescription());
        Bundle encounters = search("Encounter?identifier=TC-1-V");
        assertEquals(1, encounters.getEntry().size());
        assertEquals("urn:fhirgateway:authority:v2-table-local:0069", ((org.hl7.fhir.r4.model.Encounter) encounters
                .getEntryFirstRep().getResource()).getServiceType().getCodingFirstRep().getSystem());
    }
}
