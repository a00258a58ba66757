package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.map;
import static org.fhirgateway.mappers.TestMessages.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** VXU^V04: ORC, RXA, RXR and the dose's OBX to Immunization, on the corpus VXU-V04-02 (three doses). */
class ImmunizationMappingTest {

    private final MappingResult result = map("corpus/VXU-V04-02.hl7");
    private final Bundle bundle = result.bundle();
    private final Map<String, Immunization> byId = resources(bundle, Immunization.class).stream()
            .collect(Collectors.toMap(i -> i.getIdentifierFirstRep().getValue(), Function.identity()));

    private Resource resolve(String fullUrl) {
        return bundle.getEntry().stream().filter(e -> e.getFullUrl().equals(fullUrl)).findFirst().orElseThrow()
                .getResource();
    }

    @Test
    void rxaToImmunization() {
        assertEquals(java.util.Set.of("13696", "38760", "35508"), byId.keySet(), "ORC-3 (filler) of each dose is its key");
        Immunization tenivac = byId.get("13696");
        assertEquals("urn:oid:2.16.840.1.114222.4.3.3.5.1.2", tenivac.getIdentifierFirstRep().getSystem());
        assertEquals("4422", tenivac.getIdentifier().get(1).getValue(), "ORC-2 placer as a second identifier");
        assertEquals(Immunization.ImmunizationStatus.COMPLETED, tenivac.getStatus(), "RXA-20 CP");
        assertEquals("49281021588", tenivac.getVaccineCode().getCodingFirstRep().getCode());
        assertEquals("http://hl7.org/fhir/sid/ndc", tenivac.getVaccineCode().getCodingFirstRep().getSystem());
        assertEquals("2021-08-18", tenivac.getOccurrenceDateTimeType().getValueAsString());
        assertEquals(0.5, tenivac.getDoseQuantity().getValue().doubleValue());
        assertEquals("http://unitsofmeasure.org", tenivac.getDoseQuantity().getSystem());
        assertEquals("mL", tenivac.getDoseQuantity().getCode());
        assertTrue(tenivac.getPrimarySource(), "RXA-9 00 new record");
        assertEquals("315841", tenivac.getLotNumber());
        assertEquals("2021-12-16", tenivac.getExpirationDateElement().getValueAsString());
        Organization manufacturer = (Organization) resolve(tenivac.getManufacturer().getReference());
        assertEquals("Sanofi Pasteur", manufacturer.getName());
        assertEquals("PMC", manufacturer.getIdentifierFirstRep().getValue());
        assertEquals("http://hl7.org/fhir/sid/mvx", manufacturer.getIdentifierFirstRep().getSystem());
        Location location = (Location) resolve(tenivac.getLocation().getReference());
        assertEquals("HUH AE OMU OMU B Bed 03", location.getName(), "RXA-27 point of care, room, bed");
        assertEquals(Patient.class, resolve(tenivac.getPatient().getReference()).getClass());
    }

    @Test
    void performersFromRxa10AndOrc12() {
        Immunization tenivac = byId.get("13696");
        assertEquals(2, tenivac.getPerformer().size());
        Immunization.ImmunizationPerformerComponent administering = tenivac.getPerformer().get(0);
        assertEquals("AP", administering.getFunction().getCodingFirstRep().getCode());
        assertEquals("Jackson", ((Practitioner) resolve(administering.getActor().getReference())).getNameFirstRep()
                .getFamily());
        Immunization.ImmunizationPerformerComponent ordering = tenivac.getPerformer().get(1);
        assertEquals("OP", ordering.getFunction().getCodingFirstRep().getCode());
        assertEquals("654", ((Practitioner) resolve(ordering.getActor().getReference())).getIdentifierFirstRep()
                .getValue());
    }

    @Test
    void rxrToRouteAndSite() {
        Immunization tenivac = byId.get("13696");
        assertEquals("C28161", tenivac.getRoute().getCodingFirstRep().getCode());
        assertEquals("RD", tenivac.getSite().getCodingFirstRep().getCode());
    }

    @Test
    void doseObservationsIntoTheImmunization() {
        Immunization tenivac = byId.get("13696");
        assertEquals("PHC70", tenivac.getFundingSource().getCodingFirstRep().getCode(), "OBX 30963-3");
        assertEquals("V01", tenivac.getProgramEligibilityFirstRep().getCodingFirstRep().getCode(), "OBX 64994-7");
        assertEquals(1, tenivac.getEducation().size(), "one VIS (OBX-4 sub-id 3)");
        assertEquals("253088698300028811170411", tenivac.getEducationFirstRep().getDocumentType(), "OBX 69764-9");
        assertEquals("2021-08-18", tenivac.getEducationFirstRep().getPresentationDateElement().getValueAsString());
        assertFalse(tenivac.getEducationFirstRep().hasPublicationDate());
    }

    @Test
    void historicalDosesAndUnknownAmounts() {
        Immunization influenza = byId.get("38760");
        assertEquals("88", influenza.getVaccineCode().getCodingFirstRep().getCode());
        assertFalse(influenza.getPrimarySource(), "RXA-9 01 historical");
        assertEquals("01", influenza.getReportOrigin().getCodingFirstRep().getCode());
        assertFalse(influenza.hasDoseQuantity(), "RXA-6 999 is an unknown amount");
        assertEquals("V01", influenza.getProgramEligibilityFirstRep().getCodingFirstRep().getCode());
    }

    @Test
    void aVisDateThatIsNoDateIsReportedNotGuessed() {
        Immunization third = byId.get("35508");
        assertFalse(third.hasEducation());
        List<String> issues = result.issues().stream().map(MappingIssue::toString).toList();
        assertTrue(issues.contains("OBX[7] OBX-5: not a valid timestamp, not mapped: 'PHC70'"), issues.toString());
    }

    @Test
    void thePatientsOwnObservationIsNoPartOfADose() {
        List<Observation> observations = resources(bundle, Observation.class);
        assertEquals(1, observations.size());
        assertEquals("8867-4", observations.get(0).getCode().getCodingFirstRep().getCode());
        assertFalse(observations.get(0).hasPartOf());
    }
}
