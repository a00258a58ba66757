package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.MAPPER;
import static org.fhirgateway.mappers.TestMessages.load;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.fhirgateway.mappers.TestMessages.withField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    }
}
