package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.map;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.fhirgateway.mappers.TestMessages.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;

/** OBR to DiagnosticReport, OBX to Observation with the value typed by OBX-2, NTE to notes. */
class OruMappingTest {

    private final MappingResult result = map("messages/ORU-R01-clean.hl7");
    private final Bundle bundle = result.bundle();
    private final Map<String, Observation> byCode = resources(bundle, Observation.class).stream()
            .collect(Collectors.toMap(o -> o.getCode().getCodingFirstRep().getCode(), Function.identity()));

    @Test
    void obrToDiagnosticReport() {
        DiagnosticReport report = only(bundle, DiagnosticReport.class);
        assertEquals("FIL-1", report.getIdentifierFirstRep().getValue(), "filler order number is the key");
        assertEquals("PLC-1", report.getIdentifier().get(1).getValue());
        assertEquals(DiagnosticReport.DiagnosticReportStatus.FINAL, report.getStatus());
        assertEquals("58410-2", report.getCode().getCodingFirstRep().getCode());
        assertEquals("2024-03-16T09:00:00+01:00", report.getEffectiveDateTimeType().getValueAsString());
        assertEquals("2024-03-16T10:00:00+01:00", report.getIssuedElement().getValueAsString());
        assertEquals(12, report.getResult().size(), "every OBX, also those whose value could not be mapped");
    }

    @Test
    void numericWithUnitsRangeAndInterpretation() {
        Observation hb = byCode.get("718-7");
        assertEquals(13.5, hb.getValueQuantity().getValue().doubleValue());
        assertEquals("g/dL", hb.getValueQuantity().getCode());
        assertEquals("gram per deciliter", hb.getValueQuantity().getUnit());
        assertEquals("13.0-17.0", hb.getReferenceRangeFirstRep().getText());
        assertEquals("N", hb.getInterpretationFirstRep().getCodingFirstRep().getCode());
        assertEquals(Observation.ObservationStatus.FINAL, hb.getStatus());
        assertEquals("2024-03-16T09:30:00+01:00", hb.getEffectiveDateTimeType().getValueAsString(), "OBX-14");
        Observation wbc = byCode.get("6690-2");
        assertEquals("H", wbc.getInterpretationFirstRep().getCodingFirstRep().getCode());
        assertEquals("2024-03-16T09:00:00+01:00", wbc.getEffectiveDateTimeType().getValueAsString(), "OBR-7");
        assertEquals("Repeat in 2 weeks.\nPatient informed.", wbc.getNoteFirstRep().getText(), "NTE with \\.br\\");
    }

    @Test
    void textCodedStructuredAndTimeValues() {
        assertEquals("Sample slightly & visibly hemolyzed | see note", byCode.get("8251-1").getValueStringType().getValue());
        assertEquals("Line one\nLine two", byCode.get("11526-1").getValueStringType().getValue(), "TX repeats");
        assertEquals(Observation.ObservationStatus.PRELIMINARY, byCode.get("11526-1").getStatus());
        assertEquals("A+", byCode.get("882-1").getValueCodeableConcept().getCodingFirstRep().getCode());
        Quantity glucose = byCode.get("2345-7").getValueQuantity();
        assertEquals(Quantity.QuantityComparator.GREATER_THAN, glucose.getComparator());
        assertEquals(200, glucose.getValue().intValue());
        assertEquals(64, byCode.get("5195-3").getValueRatio().getDenominator().getValue().intValue());
        assertEquals("1980-02-14", byCode.get("21112-8").getValueDateTimeType().getValueAsString());
        assertEquals("2024-03-16T08:45:00+01:00", byCode.get("41651-1").getValueDateTimeType().getValueAsString());
        assertEquals("08:45:00", byCode.get("49049-4").getValueTimeType().getValue());
    }

    @Test
    void valuesThatCannotBeMappedAreReportedNotGuessed() {
        assertFalse(byCode.get("9999-9").hasValue(), "NA is not mapped");
        assertFalse(byCode.get("2160-0").hasValue(), "not a number");
        List<String> issues = result.issues().stream().map(MappingIssue::toString).toList();
        assertTrue(issues.contains("OBX[11] OBX-5: numeric array (NA) not mapped: no SampledData guidance in the IG"),
                issues.toString());
        assertTrue(issues.contains("OBX[12] OBX-5: not a number, value not mapped: 'not-a-number'"), issues.toString());
    }

    @Test
    void moreValueTypesFollowingTheIg() throws MappingException {
        String message = TestMessages.load("messages/ORU-R01-clean.hl7")
                + "\rOBX|13|NR|1111-1^Range^LN||5^10||||||F"
                + "\rOBX|14|SN|2222-2^Odd^LN||<>^5^+^3||||||F"
                + "\rOBX|15|SN|3333-3^Interval^LN||^2^-^4||||||F"
                + "\rOBX|16|DR|4444-4^Span^LN||20240101^20240105||||||F"
                + "\rOBX|17|XYZ|5555-5^Odd type^LN||abc||||||F";
        MappingResult more = TestMessages.MAPPER.map(message);
        Map<String, Observation> observations = resources(more.bundle(), Observation.class).stream()
                .collect(Collectors.toMap(o -> o.getCode().getCodingFirstRep().getCode(), Function.identity()));
        assertEquals(10, observations.get("1111-1").getValueRange().getHigh().getValue().intValue());
        assertEquals("<> 5 + 3", observations.get("2222-2").getValueStringType().getValue());
        assertEquals(2, observations.get("3333-3").getValueRange().getLow().getValue().intValue());
        assertEquals("2024-01-05", observations.get("4444-4").getValuePeriod().getEndElement().getValueAsString());
        assertFalse(observations.get("5555-5").hasValue());
        assertTrue(more.issues().stream().anyMatch(i -> i.toString().equals("OBX[17] OBX-2: value type 'XYZ' not mapped")));
    }

    @Test
    void resultsPointToTheReportEncounterAndPatient() {
        DiagnosticReport report = only(bundle, DiagnosticReport.class);
        Observation hb = byCode.get("718-7");
        assertEquals(report.getSubject().getReference(), hb.getSubject().getReference());
        assertEquals(report.getEncounter().getReference(), hb.getEncounter().getReference());
        assertTrue(report.getResult().stream().anyMatch(r -> r.getReference().equals(
                bundle.getEntry().stream().filter(e -> e.getResource() == hb).findFirst().orElseThrow().getFullUrl())));
    }
}
