package org.fhirgateway.server.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;

class FieldMasksTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private static String json(Resource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }

    private static boolean masked(Resource resource) {
        return resource.getMeta().getSecurity().stream().anyMatch(c -> SecurityLabel.MASKED.system().equals(c.getSystem())
                && SecurityLabel.MASKED.code().equals(c.getCode()));
    }

    @Test
    void validPathsParse() {
        FieldMasks masks = FieldMasks.parse(List.of("Patient.telecom", "Patient.address.line", "Patient.identifier",
                "*.note", "Observation.valueString", "Observation.value[x]", "Observation.value",
                "Patient.contact.name.family", "Observation.component.valueString", "ValueSet.text", "*.extension"));
        assertEquals(11, masks.paths().size());
    }

    @Test
    void invalidPathsThrowNamingThePath() {
        for (String path : List.of("Patient.telecoms", "Patinet.telecom", "Patient", "Patient.", "Patient..name",
                "*.nothingHasThis", "Patient.gender.code", "Observation.valueStrings", "Observation.value.unit",
                "Patient.name.family.x", "Observation.valueQuantity[x]", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FieldMasks.parse(List.of("Patient.name", path)), path);
            assertTrue(e.getMessage().contains(path), e.getMessage());
        }
    }

    @Test
    void masksEveryRepetitionThroughRepeatingParents() {
        Patient patient = DeidFixtures.oldPatient();
        FieldMasks masks = FieldMasks.parse(List.of("Patient.telecom", "Patient.address.line", "Patient.identifier",
                "Patient.contact.telecom", "Patient.name.given"));
        assertTrue(masks.apply(patient));
        String json = json(patient);
        for (String gone : List.of("555-", "mary.johnson", "Apt 4B", "Fifth Avenue",
                "MRN-889911", "123-45-6789", "\"Mary\"", "\"Ellen\"", "\"Molly\"")) {
            assertFalse(json.contains(gone), gone + " in " + json);
        }
        for (String kept : List.of("Keene", "New York", "03601", "Johnson", "Smythe", "1930-05-17", "pat-4711")) {
            assertTrue(json.contains(kept), kept + " not in " + json);
        }
        assertTrue(patient.getAddress().stream().noneMatch(a -> a.hasLine()), json);
        assertTrue(json.contains("77 Oak Road"), "a contact's address is another path: " + json);
        assertEquals(2, patient.getName().size());
        assertEquals(2, patient.getAddress().size());
        assertTrue(masked(patient), json);
        assertTrue(json.contains("\"code\":\"R\""), "the labels already there stay: " + json);
        FHIR.newJsonParser().parseResource(json);
    }

    @Test
    void nothingToMaskLeavesTheResourceUnlabelled() {
        Patient patient = DeidFixtures.youngPatient();
        String before = json(patient);
        assertFalse(FieldMasks.parse(List.of("Patient.telecom", "*.note")).apply(patient));
        assertEquals(before, json(patient));
        assertFalse(masked(patient));
    }

    @Test
    void wildcardAndChoicePathsMaskOnlyTheirOwnTypes() {
        FieldMasks masks = FieldMasks.parse(List.of("*.note", "Observation.valueString"));
        Observation comment = DeidFixtures.comment();
        assertTrue(masks.apply(comment));
        assertFalse(comment.hasValue());
        assertTrue(comment.getComponentFirstRep().hasValue(), "a component's value is another path");
        Observation heartRate = DeidFixtures.heartRate();
        assertTrue(masks.apply(heartRate), "the note");
        assertFalse(heartRate.hasNote());
        assertTrue(heartRate.hasValueQuantity(), "valueString masks no Quantity");
        Condition condition = DeidFixtures.oldOnset();
        assertTrue(masks.apply(condition));
        assertFalse(condition.hasNote());
        assertTrue(masked(condition));
    }

    @Test
    void aRequiredElementIsMarkedAbsentNotRemoved() {
        Provenance provenance = DeidFixtures.provenance();
        FieldMasks masks = FieldMasks.parse(List.of("Provenance.recorded", "Provenance.agent.who", "Provenance.target"));
        assertTrue(masks.apply(provenance));
        String json = json(provenance);
        String absent = "{\"extension\":[{\"url\":\"" + Elements.DATA_ABSENT_REASON + "\",\"valueCode\":\"masked\"}]}";
        assertTrue(json.contains("\"_recorded\":" + absent), json);
        assertTrue(json.contains("\"agent\":[{\"who\":" + absent + "},{\"who\":" + absent + "}]"), json);
        assertTrue(json.contains("\"target\":[" + absent + "]"), "one of a required list stays: " + json);
        assertFalse(json.contains("pat-4711") || json.contains("Dr. Alan Grant") || json.contains("Device/d-1"), json);
        assertFalse(masks.apply(provenance), "masked before: nothing left to remove");
        FHIR.newJsonParser().parseResource(json);
    }

    @Test
    void masksReachContainedResourcesAndMetadataTypes() {
        Observation observation = DeidFixtures.heartRate();
        Patient inner = DeidFixtures.youngPatient();
        inner.setId("p1");
        observation.addContained(inner);
        assertTrue(FieldMasks.parse(List.of("Patient.identifier")).apply(observation));
        assertFalse(json(observation).contains("MRN-889912"));
        assertTrue(masked(observation));
        ValueSet valueSet = new ValueSet();
        valueSet.getText().setDivAsString("<div>secret</div>");
        assertTrue(FieldMasks.parse(List.of("*.text")).apply(valueSet));
        assertFalse(json(valueSet).contains("secret"));
    }
}
