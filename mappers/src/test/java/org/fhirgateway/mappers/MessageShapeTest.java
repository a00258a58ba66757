package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.MAPPER;
import static org.fhirgateway.mappers.TestMessages.load;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.fhirgateway.mappers.TestMessages.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** Messages with segments missing, repeated or out of the usual shape still map, and say what they skipped. */
class MessageShapeTest {

    private static final String ADT = load("messages/ADT-A01-clean.hl7");
    private static final String ORU = load("messages/ORU-R01-clean.hl7");

    @Test
    void anAdmitWithoutVisitSegmentMapsThePatientAlone() throws MappingException {
        String noVisit = ADT.replaceAll("\rPV[12]\\|[^\r]*", "");
        MappingResult result = MAPPER.map(noVisit);
        assertEquals(1, resources(result.bundle(), Patient.class).size());
        assertTrue(resources(result.bundle(), Encounter.class).isEmpty());
        assertTrue(resources(result.bundle(), Condition.class).stream().noneMatch(Condition::hasEncounter));
    }

    @Test
    void aMinimalMessageMapsToPatientAndProvenance() throws MappingException {
        String minimal = "MSH|^~\\&|A|F|||20240101120000||ADT^A28|M1|P|2.3\rPID|||42";
        MappingResult result = MAPPER.map(minimal);
        assertEquals(3 + 1, result.bundle().getEntry().size(), "Patient, facility Organization, Device, Provenance");
        assertEquals("urn:fhirgateway:authority:F|42", result.source().patientKey(), "scoped to MSH-4");
        assertEquals("2024-01-01T12:00:00+01:00", result.source().messageTime());
    }

    @Test
    void aSecondPatientInOneResultMessageIsReportedNotMixedIn() throws MappingException {
        String twoPatients = ORU + "\rPID|1||OTHER-1^^^GHH^MR||Other^Olga\rOBR|1||FIL-2|1234-5^Other^LN|||20240316"
                + "\rOBX|1|NM|718-7^Hemoglobin^LN||9.9|g/dL^^UCUM|||||F";
        MappingResult result = MAPPER.map(twoPatients);
        assertEquals(1, resources(result.bundle(), Patient.class).size());
        assertEquals(1, resources(result.bundle(), DiagnosticReport.class).size());
        assertEquals(3, result.issues().stream().filter(i -> i.reason().contains("second patient")).count());
    }

    @Test
    void theSameObservationTwiceIsReported() throws MappingException {
        String twice = ORU + "\rOBX|13|NM|718-7^Hemoglobin^LN||14.1|g/dL^^UCUM|||||F";
        MappingResult result = MAPPER.map(twice);
        assertEquals(12, only(result.bundle(), DiagnosticReport.class).getResult().size());
        assertEquals(13.5, resources(result.bundle(), Observation.class).stream()
                .filter(o -> o.getCode().getCodingFirstRep().getCode().equals("718-7")).findFirst().orElseThrow()
                .getValueQuantity().getValue().doubleValue());
        assertTrue(result.issues().stream().anyMatch(i -> "OBX".equals(i.segment()) && i.segmentIndex() == 13
                && i.reason().contains("already in this message")), result.issues().toString());
    }

    @Test
    void onePractitionerInTwoRolesIsOneEntry() throws MappingException {
        String same = TestMessages.withField(ADT, "PV1", 17, "0100^Attend^Anna^^^Dr^^^NPI&2.16.840.1.113883.4.6&ISO");
        MappingResult result = MAPPER.map(same);
        Encounter encounter = only(result.bundle(), Encounter.class);
        assertEquals(encounter.getParticipant().get(0).getIndividual().getReference(),
                encounter.getParticipant().get(2).getIndividual().getReference());
        assertEquals(1, result.bundle().getEntry().stream()
                .filter(e -> e.getRequest().getUrl().equals("Practitioner?identifier=urn:oid:2.16.840.1.113883.4.6|0100"))
                .count());
    }

    @Test
    void aVisitWithoutNumberIsKeyedByPatientAdmitTimeAndClass() throws MappingException {
        String noNumber = TestMessages.withField(ADT, "PV1", 19, "");
        MappingResult first = MAPPER.map(noNumber);
        MappingResult again = MAPPER.map(noNumber.replace("|CTRL-0001|", "|CTRL-0002|"));
        Encounter encounter = only(first.bundle(), Encounter.class);
        assertEquals("urn:fhirgateway:key", encounter.getIdentifierFirstRep().getSystem());
        assertEquals(encounter.getIdentifierFirstRep().getValue(),
                only(again.bundle(), Encounter.class).getIdentifierFirstRep().getValue());
        assertTrue(first.issues().stream().anyMatch(i -> "PV1-19".equals(i.field())));
    }

    @Test
    void theConfiguredZoneIsUsedOnlyForValuesWithoutOffset() throws MappingException {
        MessageMapper utc = new MessageMapper(MapperConfig.defaults().withDefaultZone(java.time.ZoneId.of("UTC")));
        MessageMapper chicago = new MessageMapper(MapperConfig.defaults()
                .withDefaultZone(java.time.ZoneId.of("America/Chicago")));
        assertEquals("2024-03-15T08:30:00+00:00", utc.map(ADT).source().messageTime());
        assertEquals("2024-03-15T08:30:00-05:00", chicago.map(ADT).source().messageTime(), "CDT on 15 March");
        assertEquals("2024-03-15T08:00:00-05:00", only(utc.map(ADT).bundle(), Encounter.class)
                .getPeriod().getStartElement().getValueAsString(), "PV1-44 carries its own offset");
    }

    @Test
    void observationsWithASubIdAreDistinct() throws MappingException {
        String subIds = ORU + "\rOBX|13|NM|718-7^Hemoglobin^LN|2|14.1|g/dL^^UCUM|||||F";
        assertEquals(13, only(MAPPER.map(subIds).bundle(), DiagnosticReport.class).getResult().size());
    }
}
