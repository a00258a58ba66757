package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.MAPPER;
import static org.fhirgateway.mappers.TestMessages.load;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.fhirgateway.mappers.TestMessages.withField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** "" (delete) versus empty (not sent): the element is absent either way, only "" is recorded for the store. */
class ExplicitNullTest {

    private static final String ADT = load("messages/ADT-A01-clean.hl7");

    @Test
    void explicitNullIsRecordedWithTheEntryAndElement() throws MappingException {
        MappingResult result = MAPPER.map(withField(withField(ADT, "PID", 8, "\"\""), "PID", 7, "\"\""));
        Patient patient = only(result.bundle(), Patient.class);
        assertFalse(patient.hasGender());
        assertFalse(patient.hasBirthDate());
        String patientUrl = result.bundle().getEntryFirstRep().getFullUrl();
        assertEquals(2, result.explicitNulls().size());
        assertTrue(result.explicitNulls().contains(new ExplicitNull("PID-8", patientUrl, "Patient.gender")));
        assertTrue(result.explicitNulls().contains(new ExplicitNull("PID-7", patientUrl, "Patient.birthDate")));
    }

    @Test
    void anEmptyFieldIsNotADeletion() throws MappingException {
        MappingResult result = MAPPER.map(withField(ADT, "PID", 8, ""));
        assertFalse(only(result.bundle(), Patient.class).hasGender());
        assertTrue(result.explicitNulls().isEmpty());
    }

    @Test
    void explicitNullInARepeatingFieldMapsNothing() throws MappingException {
        MappingResult result = MAPPER.map(withField(ADT, "PID", 11, "\"\""));
        assertFalse(only(result.bundle(), Patient.class).hasAddress());
        assertEquals("Patient.address", result.explicitNulls().get(0).element());
    }

    @Test
    void visitAndResultFieldsToo() throws MappingException {
        MappingResult visit = MAPPER.map(withField(withField(ADT, "PV1", 44, "\"\""), "PV1", 10, "\"\""));
        Encounter encounter = only(visit.bundle(), Encounter.class);
        assertFalse(encounter.hasPeriod());
        assertFalse(encounter.hasServiceType());
        String encounterUrl = visit.bundle().getEntry().stream().filter(e -> e.getResource() == encounter)
                .findFirst().orElseThrow().getFullUrl();
        assertEquals(java.util.List.of(new ExplicitNull("PV1-10", encounterUrl, "Encounter.serviceType"),
                new ExplicitNull("PV1-44", encounterUrl, "Encounter.period.start")), visit.explicitNulls());
        MappingResult result = MAPPER.map(withField(load("messages/ORU-R01-clean.hl7"), "OBX", 5, "\"\""));
        assertEquals("Observation.value", result.explicitNulls().get(0).element());
        assertEquals("OBX-5", result.explicitNulls().get(0).field());
    }
}
