package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.map;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.fhirgateway.mappers.TestMessages.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.Test;

/** Field-level checks of each ADT segment map on a message whose every value is known. */
class AdtSegmentMappingTest {

    private final MappingResult result = map("messages/ADT-A01-clean.hl7");
    private final Bundle bundle = result.bundle();

    @Test
    void pidToPatient() {
        Patient patient = only(bundle, Patient.class);
        assertEquals("MRN-0042", patient.getIdentifier().get(0).getValue());
        assertEquals("urn:fhirgateway:authority:GHH", patient.getIdentifier().get(0).getSystem());
        assertEquals("urn:oid:2.16.840.1.113883.4.1", patient.getIdentifier().get(1).getSystem());
        assertEquals(2, patient.getName().size(), "both name repetitions");
        assertEquals("Everyman", patient.getNameFirstRep().getFamily());
        assertEquals("Adam Alan", patient.getNameFirstRep().getGivenAsSingleString());
        assertEquals("Mr", patient.getNameFirstRep().getPrefixAsSingleString());
        assertEquals("1980-02-14", patient.getBirthDateElement().getValueAsString());
        assertEquals(AdministrativeGender.MALE, patient.getGender());
        assertEquals("Ann Arbor", patient.getAddressFirstRep().getCity());
        assertEquals(3, patient.getTelecom().size());
        assertEquals("adam@example.org", patient.getTelecom().get(1).getValue());
        assertEquals("work", patient.getTelecom().get(2).getUse().toCode());
        assertEquals("urn:ietf:bcp:47", patient.getCommunicationFirstRep().getLanguage().getCodingFirstRep().getSystem());
        assertEquals("M", patient.getMaritalStatus().getCodingFirstRep().getCode());
        assertEquals("Smith", patient.getExtensionByUrl(
                "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName").getValue().primitiveValue());
        assertFalse(patient.getDeceasedBooleanType().booleanValue());
        assertEquals("CHR", ((org.hl7.fhir.r4.model.CodeableConcept) patient.getExtensionByUrl(
                "http://hl7.org/fhir/StructureDefinition/patient-religion").getValue()).getCodingFirstRep().getCode());
        assertEquals(2, patient.getGeneralPractitioner().size(), "PD1-3 organization and PD1-4 practitioner");
    }

    @Test
    void nk1ToContactAndRelatedPerson() {
        Patient patient = only(bundle, Patient.class);
        assertEquals("Eve", patient.getContactFirstRep().getName().getGivenAsSingleString());
        RelatedPerson spouse = only(bundle, RelatedPerson.class);
        assertEquals("SPS", spouse.getRelationshipFirstRep().getCodingFirstRep().getCode());
        assertEquals("http://terminology.hl7.org/CodeSystem/v3-RoleCode",
                spouse.getRelationshipFirstRep().getCodingFirstRep().getSystem());
        assertTrue(spouse.getPatient().getReference().startsWith("urn:uuid:"));
    }

    @Test
    void pv1AndPv2ToEncounter() {
        Encounter encounter = only(bundle, Encounter.class);
        assertEquals("VN-778899", encounter.getIdentifierFirstRep().getValue());
        assertEquals("IMP", encounter.getClass_().getCode());
        assertEquals(Encounter.EncounterStatus.INPROGRESS, encounter.getStatus());
        assertEquals("2024-03-15T08:00:00-05:00", encounter.getPeriod().getStartElement().getValueAsString());
        assertFalse(encounter.getPeriod().hasEnd());
        assertEquals(4, encounter.getLocation().size(), "PV1-3 and prior location PV1-6, then their units");
        assertEquals(Encounter.EncounterLocationStatus.ACTIVE, encounter.getLocation().get(0).getStatus());
        assertEquals("W4 412 B", encounter.getLocation().get(0).getLocation().getDisplay());
        assertEquals(List.of("ATND", "REF", "ADM"), encounter.getParticipant().stream()
                .map(p -> p.getTypeFirstRep().getCodingFirstRep().getCode()).toList());
        assertEquals("7", encounter.getHospitalization().getAdmitSource().getCodingFirstRep().getCode());
        assertEquals("home", encounter.getHospitalization().getDischargeDisposition().getCodingFirstRep().getCode(),
                "table 0112 01 through the gateway supplement of the IG map");
        assertEquals("MED", encounter.getServiceType().getCodingFirstRep().getCode());
        assertEquals("GHH Main Campus", encounter.getServiceProvider().getDisplay(), "PV1-39");
        assertEquals("R07.9", encounter.getReasonCodeFirstRep().getCodingFirstRep().getCode(), "PV2-3");
    }

    @Test
    void dg1ToConditionAndEncounterDiagnosis() {
        List<Condition> conditions = resources(bundle, Condition.class);
        assertEquals(2, conditions.size());
        assertEquals("http://hl7.org/fhir/sid/icd-10-cm", conditions.get(0).getCode().getCodingFirstRep().getSystem());
        assertEquals("Long-standing, treated since 2015", conditions.get(1).getNoteFirstRep().getText(), "NTE");
        Encounter encounter = only(bundle, Encounter.class);
        assertEquals(2, encounter.getDiagnosis().size());
        assertEquals(1, encounter.getDiagnosis().get(0).getRank());
        assertEquals("AD", encounter.getDiagnosis().get(0).getUse().getCodingFirstRep().getCode());
        assertEquals(2, encounter.getDiagnosis().get(1).getRank());
        assertEquals(findEntry(conditions.get(0)), encounter.getDiagnosis().get(0).getCondition().getReference());
    }

    @Test
    void pr1Al1In1AndObx() {
        Procedure procedure = only(bundle, Procedure.class);
        assertEquals("http://www.cms.gov/Medicare/Coding/ICD10", procedure.getCode().getCodingFirstRep().getSystem());
        assertEquals("2024-03-15T09:00:00-05:00", procedure.getPerformedDateTimeType().getValueAsString());
        AllergyIntolerance allergy = only(bundle, AllergyIntolerance.class);
        assertEquals("medication", allergy.getCategory().get(0).getValue().toCode());
        assertEquals("high", allergy.getCriticality().toCode());
        assertEquals(2, allergy.getReaction().size(), "AL1-5 repetitions");
        assertEquals("severe", allergy.getReactionFirstRep().getSeverity().toCode());
        Coverage coverage = only(bundle, Coverage.class);
        assertEquals("POL-123456", coverage.getIdentifierFirstRep().getValue());
        assertEquals("2024-01-01", coverage.getPeriod().getStartElement().getValueAsString());
        Organization payer = resources(bundle, Organization.class).stream()
                .filter(o -> "Acme Health Insurance".equals(o.getName())).findFirst().orElseThrow();
        assertEquals(findEntry(payer), coverage.getPayorFirstRep().getReference());
        List<Observation> observations = resources(bundle, Observation.class);
        assertEquals(2, observations.size());
        assertEquals(82.5, observations.get(1).getValueQuantity().getValue().doubleValue());
        assertEquals("http://unitsofmeasure.org", observations.get(1).getValueQuantity().getSystem());
    }

    @Test
    void practitionersAreKeyedByTheirIdentifier() {
        List<Practitioner> practitioners = resources(bundle, Practitioner.class);
        Practitioner attending = practitioners.stream()
                .filter(p -> p.getIdentifierFirstRep().getValue().equals("0100")).findFirst().orElseThrow();
        assertEquals("urn:oid:2.16.840.1.113883.4.6", attending.getIdentifierFirstRep().getSystem());
        assertEquals("Attend", attending.getNameFirstRep().getFamily());
    }

    @Test
    void mshAndEvnToProvenanceAndBundleSource() {
        Provenance provenance = only(bundle, Provenance.class);
        assertEquals("2024-03-15T08:30:00+01:00", provenance.getRecordedElement().getValueAsString());
        assertEquals("A01", provenance.getActivity().getCodingFirstRep().getCode());
        List<String> targets = provenance.getTarget().stream().map(r -> r.getReference()).toList();
        assertTrue(targets.contains(findEntry(only(bundle, Patient.class))));
        assertTrue(targets.contains(findEntry(only(bundle, Encounter.class))));
        assertTrue(targets.contains(findEntry(only(bundle, Procedure.class))));
        assertFalse(targets.contains(findEntry(provenance)), "not itself");
        assertEquals("enterer", provenance.getAgent().get(1).getType().getCodingFirstRep().getCode());
        assertEquals("CTRL-0001", bundle.getIdentifier().getValue());
        assertEquals("urn:oid:1.2.840.114350.1.13.99998.8734", bundle.getIdentifier().getSystem());
        assertEquals("2024-03-15T08:30:00+01:00", bundle.getTimestampElement().getValueAsString());
        assertEquals("ADT^A01", bundle.getMeta().getTagFirstRep().getCode());
        assertTrue(bundle.getMeta().getSource().contains("REGADT"));
    }

    @Test
    void sourceMessageIsFilled() {
        SourceMessage source = result.source();
        assertEquals("CTRL-0001", source.controlId());
        assertEquals("REGADT", source.sendingApplication());
        assertEquals("GOOD HEALTH HOSPITAL", source.sendingFacility());
        assertEquals("ADT^A01", source.messageType());
        assertEquals("2.5.1", source.version());
        assertEquals("2024-03-15T08:30:00+01:00", source.messageTime());
        assertEquals("urn:fhirgateway:authority:GHH|MRN-0042", source.patientKey());
    }

    @Test
    void whatIsNotMappedIsReported() {
        List<String> issues = result.issues().stream().map(MappingIssue::toString).toList();
        assertTrue(issues.contains("ZPI: unknown (local) segment ZPI, not mapped"), issues.toString());
        assertTrue(issues.stream().anyMatch(i -> i.startsWith("IN1 IN1-17")), issues.toString());
        assertTrue(issues.stream().anyMatch(i -> i.startsWith("DG1[2] DG1-6")), "unknown diagnosis type");
    }

    private String findEntry(org.hl7.fhir.r4.model.Resource resource) {
        return bundle.getEntry().stream().filter(e -> e.getResource() == resource).findFirst().orElseThrow().getFullUrl();
    }
}
