package org.fhirgateway.server.rest;

import static org.fhirgateway.server.rest.CrudHttpTest.FHIR;
import static org.fhirgateway.server.rest.CrudHttpTest.parse;
import static org.fhirgateway.server.rest.CrudHttpTest.post;
import static org.fhirgateway.server.rest.RunningGateway.ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;

/** {@code _summary}, {@code _elements} and {@code _count} as a client sees them, on PostgreSQL. */
class SummaryElementsHttpTest {

    static final SharedGateway GATEWAYS = new SharedGateway();

    @AfterAll
    static void stop() throws Exception {
        GATEWAYS.close();
    }

    /** A patient with summary elements (identifier, name, birthDate) and a non-summary one (maritalStatus). */
    private static String createPatient(RunningGateway gw, String family) throws Exception {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:test:mrn").setValue(family);
        patient.addName().setFamily(family);
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1970-01-01"));
        patient.setMaritalStatus(new CodeableConcept().setText("married"));
        HttpResponse<String> created = post(gw, "/Patient", FHIR.newJsonParser().encodeResourceToString(patient), ADMIN);
        assertEquals(201, created.statusCode(), created.body());
        return family;
    }

    private static Patient onlyPatient(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        Bundle bundle = parse(Bundle.class, response);
        assertEquals(1, bundle.getEntry().size(), response.body());
        return (Patient) bundle.getEntryFirstRep().getResource();
    }

    private static boolean subsetted(Patient patient) {
        return patient.getMeta().getTag().stream().anyMatch(t -> "SUBSETTED".equals(t.getCode()));
    }

    @Test
    void summaryTrueKeepsOnlySummaryElementsAndSaysSo() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String family = createPatient(gw, "Summary");

        Patient full = onlyPatient(gw.get("/Patient?family=" + family, ADMIN));
        Patient summary = onlyPatient(gw.get("/Patient?family=" + family + "&_summary=true", ADMIN));

        assertTrue(full.hasMaritalStatus());
        assertFalse(subsetted(full));
        assertFalse(summary.hasMaritalStatus(), "maritalStatus is not a summary element");
        assertEquals(family, summary.getNameFirstRep().getFamily());
        assertTrue(summary.hasBirthDate());
        assertTrue(subsetted(summary));
    }

    @Test
    void elementsKeepsTheNamedElements() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String family = createPatient(gw, "Elements");

        Patient patient = onlyPatient(gw.get("/Patient?family=" + family + "&_elements=identifier,maritalStatus", ADMIN));

        assertEquals(family, patient.getIdentifierFirstRep().getValue());
        assertTrue(patient.hasMaritalStatus());
        assertFalse(patient.hasName(), "name was not asked for");
        assertFalse(patient.hasBirthDate(), "birthDate was not asked for");
        assertTrue(subsetted(patient));
    }

    @Test
    void summaryCountGivesTheTotalAndNoEntries() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String family = "Counted";
        for (int i = 0; i < 3; i++) {
            createPatient(gw, family);
        }

        HttpResponse<String> response = gw.get("/Patient?family=" + family + "&_summary=count", ADMIN);

        assertEquals(200, response.statusCode(), response.body());
        Bundle bundle = parse(Bundle.class, response);
        assertEquals(3, bundle.getTotal());
        assertTrue(bundle.getEntry().isEmpty());
    }

    @Test
    void aCountThatIsNotAPositiveNumberIsABadRequest() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        for (String count : new String[] {"-1", "many"}) {
            HttpResponse<String> response = gw.get("/Patient?_count=" + count, ADMIN);
            assertEquals(400, response.statusCode(), "_count=" + count + ": " + response.body());
            assertFalse(parse(OperationOutcome.class, response).getIssue().isEmpty());
        }
    }
}
