package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.fhirgateway.server.ingest.MllpClient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A business key never moves to another patient (issue 17): the corpus pair ADT-A01-01 (patient PATID1234) and
 * ORU-R01-01 (patient 14, another person) carry the same visit number {@code 40007716^^^AccMng}. Sent in that order
 * over MLLP to a real gateway, the ORU is failed with GW-STORE-014, the encounter stays with PATID1234 and the
 * conflict is on the data-quality work list. A conditional PUT over REST that would re-point it answers 409.
 */
class BusinessKeyConflictHttpTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String VISIT = "Encounter?identifier=40007716";
    private static final SharedGateway SHARED = new SharedGateway();
    private static RunningGateway gw;
    private static String oruAck;
    private static String versionAfterOru;

    @BeforeAll
    static void sendThePair() throws Exception {
        gw = SHARED.get();
        try (MllpClient mllp = new MllpClient("localhost", gw.mllpPort())) {
            String admitted = mllp.send(TypesServedHttpTest.corpus("ADT-A01-01.hl7"));
            assertTrue(admitted.contains("MSA|AA"), admitted);
            oruAck = mllp.send(TypesServedHttpTest.corpus("ORU-R01-01.hl7"));
        }
        versionAfterOru = visit().getMeta().getVersionId();
    }

    @AfterAll
    static void stop() throws Exception {
        SHARED.close();
    }

    private static Bundle search(String query) throws Exception {
        HttpResponse<String> response = gw.get("/" + query.replace("|", "%7C"), RunningGateway.ADMIN);
        assertEquals(200, response.statusCode(), response.body());
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    }

    private static String admittedPatient() throws Exception {
        Bundle patients = search("Patient?identifier=PATID1234");
        assertEquals(1, patients.getEntry().size());
        return patients.getEntryFirstRep().getResource().getIdElement().getIdPart();
    }

    private static Encounter visit() throws Exception {
        Bundle encounters = search(VISIT);
        assertEquals(1, encounters.getEntry().size());
        return (Encounter) encounters.getEntryFirstRep().getResource();
    }

    @Test
    void theOruIsFailedWithTheCodeAndNothingOfItIsStored() throws Exception {
        assertTrue(oruAck.contains("MSA|AE"), oruAck);
        assertTrue(oruAck.contains("GW-STORE-014"), oruAck);
        Bundle failed = search("$hl7v2-messages?status=failed");
        List<Parameters> oru = failed.getEntry().stream().map(e -> (Parameters) e.getResource())
                .filter(p -> p.getParameter("messageType").getValue().primitiveValue().startsWith("ORU")).toList();
        assertEquals(1, oru.size());
        assertEquals("GW-STORE-014", oru.get(0).getParameter("errorCode").getValue().primitiveValue());
        assertEquals(0, search("Patient?identifier=14").getEntry().size(), "the ORU's writes were rolled back");
    }

    @Test
    void theEncounterStaysWithItsPatient() throws Exception {
        String patient = admittedPatient();
        Bundle bySubject = search("Encounter?subject=Patient/" + patient);
        assertTrue(bySubject.getEntry().stream().map(e -> (Encounter) e.getResource()).anyMatch(e -> e
                .getIdentifier().stream().anyMatch(i -> "40007716".equals(i.getValue()))), "the visit is still found");
        assertEquals("Patient/" + patient, visit().getSubject().getReference());
        assertEquals("1", versionAfterOru, "the ORU did not write the stored encounter again");
    }

    @Test
    void theConflictIsOnTheWorkList() throws Exception {
        Bundle tasks = search("Task?code=http://fhirgateway.org/fhir/CodeSystem/data-quality-issue|business-key-conflict");
        assertEquals(1, tasks.getEntry().size());
        Task task = (Task) tasks.getEntryFirstRep().getResource();
        assertEquals("Patient/" + admittedPatient(), task.getFor().getReference());
        assertEquals("Encounter/" + visit().getIdElement().getIdPart(), task.getFocus().getReference());
        assertTrue(task.getDescription().startsWith("ORU^R01"), task.getDescription());
    }

    @Test
    void aConditionalPutThatWouldRepointTheSubjectAnswers409() throws Exception {
        Patient other = new Patient();
        other.addIdentifier().setSystem("urn:test:mrn").setValue("BK-OTHER");
        HttpResponse<String> created = gw.send(gw.request("/Patient", RunningGateway.ADMIN)
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(other))).build());
        assertEquals(201, created.statusCode(), created.body());
        String otherId = FHIR.newJsonParser().parseResource(Patient.class, created.body()).getIdElement().getIdPart();

        Encounter moved = visit().copy();
        moved.setIdElement(null);
        moved.setMeta(null);
        moved.setSubject(new Reference("Patient/" + otherId));
        HttpResponse<String> put = gw.send(gw.request("/" + VISIT, RunningGateway.ADMIN)
                .header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(moved))).build());
        assertEquals(409, put.statusCode(), put.body());
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, put.body());
        assertTrue(outcome.getIssueFirstRep().getDiagnostics().contains("GW-STORE-014"), put.body());
        assertEquals("Patient/" + admittedPatient(), visit().getSubject().getReference());

        Encounter same = visit().copy();
        same.setIdElement(null);
        same.setMeta(null);
        same.setStatus(Encounter.EncounterStatus.FINISHED);
        HttpResponse<String> samePatient = gw.send(gw.request("/" + VISIT, RunningGateway.ADMIN)
                .header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(same))).build());
        assertEquals(200, samePatient.statusCode(), "the same patient's conditional update still applies: "
                + samePatient.body());
    }
}
