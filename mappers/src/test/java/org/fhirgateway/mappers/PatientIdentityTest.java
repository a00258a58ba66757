package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.MAPPER;
import static org.fhirgateway.mappers.TestMessages.load;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.fhirgateway.mappers.TestMessages.resources;
import static org.fhirgateway.mappers.TestMessages.withField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fhirgateway.mappers.MappingException.Code;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/**
 * A patient without PID-3 is keyed by PID-2, then PID-4, then a gateway key of name, birth date, sex and sender;
 * an ORU^R01 without its (optional) patient group maps its results without a subject. Never a rejection for that.
 */
class PatientIdentityTest {

    private static final String NO_PID3 = load("messages/ADT-A04-no-pid3.hl7");
    private static final String NO_PATIENT = load("messages/ORU-R01-no-patient.hl7");

    private static Bundle.BundleEntryComponent patientEntry(MappingResult result) {
        return result.bundle().getEntry().stream().filter(e -> e.getResource() instanceof Patient).findFirst()
                .orElseThrow();
    }

    private static List<MappingIssue> fallbackIssues(MappingResult result) {
        return result.issues().stream().filter(i -> i.reason().startsWith("fallback identity: ")).toList();
    }

    @Test
    void withoutPid3ThePatientIsKeyedByPid2WithItsAuthority() throws MappingException {
        MappingResult result = MAPPER.map(NO_PID3);
        Bundle.BundleEntryComponent entry = patientEntry(result);
        assertEquals("Patient?identifier=urn:oid:2.16.840.1.113883.19.77|EXT-7781", entry.getRequest().getUrl());
        assertEquals("urn:oid:2.16.840.1.113883.19.77|EXT-7781", result.source().patientKey());
        Patient patient = (Patient) entry.getResource();
        assertEquals(List.of("urn:oid:2.16.840.1.113883.19.77|EXT-7781", "urn:fhirgateway:authority:MERCY|ALT-55"),
                patient.getIdentifier().stream().map(i -> i.getSystem() + "|" + i.getValue()).toList());
        List<MappingIssue> issues = fallbackIssues(result);
        assertEquals(1, issues.size(), result.issues().toString());
        assertEquals("PID-3", issues.get(0).field());
        assertTrue(issues.get(0).reason().contains("keyed by PID-2"), issues.get(0).reason());
        assertFalse(issues.get(0).reason().contains("EXT-7781"), "no identifier value in the issue");
        Encounter encounter = only(result.bundle(), Encounter.class);
        assertEquals(entry.getFullUrl(), encounter.getSubject().getReference());
    }

    @Test
    void withoutPid3AndPid2ThePatientIsKeyedByPid4() throws MappingException {
        MappingResult result = MAPPER.map(withField(NO_PID3, "PID", 2, ""));
        assertEquals("Patient?identifier=urn:fhirgateway:authority:MERCY|ALT-55",
                patientEntry(result).getRequest().getUrl());
        assertTrue(fallbackIssues(result).get(0).reason().contains("keyed by PID-4"));
    }

    @Test
    void withoutAnyIdentifierThePatientGetsAGatewayKeyOfNameBirthDateSexAndSender() throws MappingException {
        String unidentified = withField(withField(NO_PID3, "PID", 2, ""), "PID", 4, "");
        MappingResult result = MAPPER.map(unidentified);
        Bundle.BundleEntryComponent entry = patientEntry(result);
        Patient patient = (Patient) entry.getResource();
        Identifier key = patient.getIdentifier().stream().filter(i -> "urn:fhirgateway:key".equals(i.getSystem()))
                .findFirst().orElseThrow();
        assertEquals("Patient?identifier=urn:fhirgateway:key|" + key.getValue(), entry.getRequest().getUrl());
        assertEquals("urn:fhirgateway:key|" + key.getValue(), result.source().patientKey());
        assertTrue(fallbackIssues(result).get(0).reason().contains("gateway key"));
        assertEquals("Roe", patient.getNameFirstRep().getFamily(), "the demographics are mapped as usual");

        // the same person from the same sender in another message (another control id, other case) is the same key
        String again = withField(unidentified.replace("|FB-0001|", "|FB-0002|"), "PID", 5, "ROE^RICHARD^Q");
        assertEquals(entry.getRequest().getUrl(), patientEntry(MAPPER.map(again)).getRequest().getUrl());
        // each identifying field and the sender changes it
        for (String other : List.of(withField(unidentified, "PID", 5, "Roe^Rachel"),
                withField(unidentified, "PID", 7, "19750629"),
                withField(unidentified, "PID", 8, "F"),
                unidentified.replace("|MERCY^2.16.840.1.113883.19.5^ISO|", "|STJOHN^2.16.840.1.113883.19.6^ISO|"))) {
            assertNotEquals(entry.getRequest().getUrl(), patientEntry(MAPPER.map(other)).getRequest().getUrl(), other);
        }
    }

    @Test
    void aPatientWithoutIdentifierNameOrBirthDateCannotBeIdentified() {
        String unidentified = withField(withField(NO_PID3, "PID", 2, ""), "PID", 4, "");
        MappingException noBirthDate = assertThrows(MappingException.class,
                () -> MAPPER.map(withField(unidentified, "PID", 7, "")));
        assertEquals(Code.REQUIRED_FIELD_MISSING, noBirthDate.code());
        assertEquals("PID-3", noBirthDate.field());
        assertTrue(noBirthDate.getMessage().contains("birth date"), noBirthDate.getMessage());
        MappingException noName = assertThrows(MappingException.class,
                () -> MAPPER.map(withField(unidentified, "PID", 5, "")));
        assertTrue(noName.getMessage().contains("name (PID-5)"), noName.getMessage());
    }

    @Test
    void anOruWithoutPatientGroupMapsItsResultsWithoutSubject() throws MappingException {
        MappingResult result = MAPPER.map(NO_PATIENT);
        assertTrue(resources(result.bundle(), Patient.class).isEmpty());
        DiagnosticReport report = only(result.bundle(), DiagnosticReport.class);
        assertFalse(report.hasSubject());
        assertEquals("24331-1", report.getCode().getCodingFirstRep().getCode());
        List<Observation> observations = resources(result.bundle(), Observation.class);
        assertEquals(List.of("2093-3", "2571-8"),
                observations.stream().map(o -> o.getCode().getCodingFirstRep().getCode()).toList());
        assertTrue(observations.stream().noneMatch(Observation::hasSubject));
        assertEquals(2, report.getResult().size());
        assertEquals(null, result.source().patientKey());
        MappingIssue issue = result.issues().stream().filter(i -> i.reason().startsWith("no patient: "))
                .findFirst().orElseThrow(() -> new AssertionError(result.issues().toString()));
        assertEquals(null, issue.segment());
    }

    @Test
    void anAdtStillNeedsItsPid() {
        String adt = load("messages/ADT-A01-clean.hl7");
        MappingException e = assertThrows(MappingException.class, () -> MAPPER.map(adt.replaceAll("\rPID\\|[^\r]*", "")));
        assertEquals(Code.REQUIRED_FIELD_MISSING, e.code());
        assertEquals("PID", e.segment());
    }
}
