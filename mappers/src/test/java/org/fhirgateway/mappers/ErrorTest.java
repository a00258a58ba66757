package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.MAPPER;
import static org.fhirgateway.mappers.TestMessages.load;
import static org.fhirgateway.mappers.TestMessages.withField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fhirgateway.mappers.MappingException.Code;
import org.junit.jupiter.api.Test;

/** What cannot be mapped at all fails with a stable code naming segment and field, never half a bundle. */
class ErrorTest {

    private static final String ADT = load("messages/ADT-A01-clean.hl7");

    private static MappingException fails(String message) {
        return assertThrows(MappingException.class, () -> MAPPER.map(message));
    }

    @Test
    void notHl7() {
        assertEquals(Code.NOT_HL7, fails("<ClinicalDocument/>").code());
        assertEquals(Code.NOT_HL7, fails("").code());
        assertEquals(Code.NOT_HL7, fails(null).code());
        assertEquals(Code.NOT_HL7, fails("PID|1||123").code());
    }

    @Test
    void missingControlId() {
        MappingException e = fails(ADT.replace("|CTRL-0001|", "||"));
        assertEquals(Code.REQUIRED_FIELD_MISSING, e.code());
        assertEquals("MSH", e.segment());
        assertEquals("MSH-10", e.field());
    }

    @Test
    void missingPatientIdentifierWithNothingElseToIdentifyThePatient() {
        // no PID-3, PID-2 or PID-4 falls back to a gateway key (PatientIdentityTest), which needs a name and birth date
        String unidentified = withField(withField(ADT, "PID", 3, "^^^GHH^MR"), "PID", 7, "");
        MappingException e = fails(unidentified);
        assertEquals(Code.REQUIRED_FIELD_MISSING, e.code());
        assertEquals("PID", e.segment());
        assertEquals("PID-3", e.field());
        assertTrue(e.getMessage().startsWith("PID-3: "), e.getMessage());
    }

    @Test
    void missingPidSegment() {
        MappingException e = fails(ADT.replaceAll("\rPID\\|[^\r]*", ""));
        assertEquals(Code.REQUIRED_FIELD_MISSING, e.code());
        assertEquals("PID", e.segment());
    }

    @Test
    void unsupportedType() {
        MappingException e = fails(ADT.replace("|ADT^A01^ADT_A01|", "|QBP^Q22^QBP_Q21|"));
        assertEquals(Code.UNSUPPORTED_MESSAGE_TYPE, e.code());
        assertTrue(e.getMessage().contains("QBP^Q22"), e.getMessage());
        assertEquals(Code.UNSUPPORTED_MESSAGE_TYPE, fails(ADT.replace("|ADT^A01^ADT_A01|", "|ADT^A37|")).code());
    }

    @Test
    void truncatedMessages() {
        MappingException header = fails("MSH|^~\\&|REGADT|GHH|LAB|ELAB|20240315083000");
        assertEquals(Code.REQUIRED_FIELD_MISSING, header.code());
        assertEquals("MSH-9", header.field());
        MappingException noPatient = fails(ADT.substring(0, ADT.indexOf("\rPID")));
        assertEquals(Code.REQUIRED_FIELD_MISSING, noPatient.code());
        assertEquals("PID", noPatient.segment());
        MappingException cut = fails(ADT.substring(0, ADT.indexOf("\rPV1") + 2));
        assertEquals(Code.MALFORMED, cut.code(), "a segment cut inside its id");
    }

    @Test
    void resultWithoutServiceCode() {
        MappingException e = fails(withField(load("messages/ORU-R01-clean.hl7"), "OBR", 4, ""));
        assertEquals(Code.REQUIRED_FIELD_MISSING, e.code());
        assertEquals("OBR-4", e.field());
    }

    @Test
    void aBadValueInANonKeyFieldIsAnIssueNotAFailure() throws MappingException {
        MappingResult result = MAPPER.map(withField(ADT, "PID", 7, "19801345"));
        assertTrue(result.issues().stream().anyMatch(i -> "PID-7".equals(i.field())
                && i.reason().contains("19801345")), result.issues().toString());
    }
}
