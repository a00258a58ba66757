package org.fhirgateway.server.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.fhirgateway.profiles.ConformancePackage;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LabellerTest {

    private static final String CM = "http://hl7.org/fhir/sid/icd-10-cm";
    private static final String PCS = "http://www.cms.gov/Medicare/Coding/ICD10";
    private static final String SCT = "http://snomed.info/sct";
    private static final String LOINC = "http://loinc.org";
    private static final Function<String, Resource> NO_REFERENCES = ref -> null;

    private static FhirContext fhir;
    private static Labeller labeller;

    @BeforeAll
    static void load() {
        fhir = FhirContext.forR4Cached();
        labeller = Labeller.fromPackage();
    }

    private static Resource parse(String json) {
        return (Resource) fhir.newJsonParser().parseResource(json);
    }

    private static String encode(Resource resource) {
        return fhir.newJsonParser().encodeResourceToString(resource);
    }

    private static Resource condition(String system, String code) {
        return parse("""
                { "resourceType": "Condition", "id": "c1", "subject": { "reference": "Patient/p1" },
                  "code": { "coding": [ { "system": "%s", "code": "%s" } ] } }
                """.formatted(system, code));
    }

    private static Set<SecurityLabel> sensitivity(Resource resource) {
        return labeller.sensitivity(resource, NO_REFERENCES);
    }

    @Test
    void conditionCodesOfEachCategory() {
        assertEquals(Set.of(SecurityLabel.HIV), sensitivity(condition(CM, "B20")));
        assertEquals(Set.of(SecurityLabel.HIV), sensitivity(condition(CM, "Z21")));
        assertEquals(Set.of(SecurityLabel.HIV), sensitivity(condition(SCT, "86406008")));
        assertEquals(Set.of(SecurityLabel.SUBSTANCE_USE), sensitivity(condition(CM, "F11.20")));
        assertEquals(Set.of(SecurityLabel.SUBSTANCE_USE), sensitivity(condition(SCT, "7200002")));
        assertEquals(Set.of(SecurityLabel.MENTAL_HEALTH), sensitivity(condition(CM, "F32.9")));
        assertEquals(Set.of(SecurityLabel.MENTAL_HEALTH), sensitivity(condition(SCT, "58214004")));
        assertEquals(Set.of(SecurityLabel.SEXUAL_DOMESTIC_VIOLENCE), sensitivity(condition(CM, "T74.11XA")));
        assertEquals(Set.of(SecurityLabel.SEXUAL_DOMESTIC_VIOLENCE), sensitivity(condition(CM, "Z04.41")));
        assertEquals(Set.of(SecurityLabel.SEXUAL_DOMESTIC_VIOLENCE), sensitivity(condition(SCT, "706893006")));
        assertEquals(Set.of(SecurityLabel.REPRODUCTIVE_HEALTH), sensitivity(condition(CM, "A54.00")));
        assertEquals(Set.of(SecurityLabel.REPRODUCTIVE_HEALTH), sensitivity(condition(CM, "Z30.011")));
        assertEquals(Set.of(), sensitivity(condition(CM, "J45.909")));
        assertEquals(Set.of(), sensitivity(condition(SCT, "195967001")));
        assertEquals(Set.of(), sensitivity(condition("http://example.org/local", "B20")));
    }

    @Test
    void exclusionsAndNeighboursAreNotSensitive() {
        assertEquals(Set.of(), sensitivity(condition(CM, "F17.210")), "nicotine dependence is not ETH");
        assertEquals(Set.of(), sensitivity(condition(CM, "F17")));
        assertEquals(Set.of(), sensitivity(condition(CM, "F03.90")), "dementia is not PSY");
        assertEquals(Set.of(), sensitivity(condition(CM, "F70")), "intellectual disability is not PSY");
        assertEquals(Set.of(), sensitivity(condition(CM, "F84.0")), "autism (F80-F89) is not PSY");
        assertEquals(Set.of(), sensitivity(condition(CM, "O09.00")), "supervision of a high-risk pregnancy is not SEX");
    }

    @Test
    void descendantsMatchWithOrWithoutTheDotAndInAnyCase() {
        assertEquals(Set.of(SecurityLabel.SUBSTANCE_USE), sensitivity(condition(CM, "F10.20")));
        assertEquals(Set.of(SecurityLabel.SUBSTANCE_USE), sensitivity(condition(CM, "f1020")));
        assertEquals(Set.of(SecurityLabel.REPRODUCTIVE_HEALTH), sensitivity(condition(CM, "O04.5")));
        assertEquals(Set.of(SecurityLabel.HIV), sensitivity(condition(CM, "o98.72")));
        assertEquals(Set.of(SecurityLabel.MENTAL_HEALTH), sensitivity(condition(CM, " F33.1 ")));
    }

    @Test
    void part2ProcedureImpliesSubstanceUse() {
        Resource detox = parse("""
                { "resourceType": "Procedure", "status": "completed", "subject": { "reference": "Patient/p1" },
                  "code": { "coding": [ { "system": "%s", "code": "HZ2ZZZZ" } ] } }
                """.formatted(PCS));
        assertEquals(Set.of(SecurityLabel.PART_2, SecurityLabel.SUBSTANCE_USE), sensitivity(detox));
        Resource rehab = parse("""
                { "resourceType": "Procedure", "status": "completed", "subject": { "reference": "Patient/p1" },
                  "code": { "coding": [ { "system": "%s", "code": "56876005" } ] } }
                """.formatted(SCT));
        assertEquals(Set.of(SecurityLabel.PART_2, SecurityLabel.SUBSTANCE_USE), sensitivity(rehab));
        Resource psychotherapy = parse("""
                { "resourceType": "Procedure", "status": "completed", "subject": { "reference": "Patient/p1" },
                  "code": { "coding": [ { "system": "%s", "code": "GZ53ZZZ" } ] } }
                """.formatted(PCS));
        assertEquals(Set.of(SecurityLabel.MENTAL_HEALTH), sensitivity(psychotherapy));
    }

    @Test
    void observationCodeValueAndComponents() {
        Resource hivTest = parse("""
                { "resourceType": "Observation", "status": "final",
                  "code": { "coding": [ { "system": "%s", "code": "75622-1" } ] },
                  "valueString": "negative" }
                """.formatted(LOINC));
        assertEquals(Set.of(SecurityLabel.HIV), sensitivity(hivTest));
        Resource value = parse("""
                { "resourceType": "Observation", "status": "final",
                  "code": { "coding": [ { "system": "%s", "code": "11450-4" } ] },
                  "valueCodeableConcept": { "coding": [ { "system": "%s", "code": "165816005" } ] } }
                """.formatted(LOINC, SCT));
        assertEquals(Set.of(SecurityLabel.HIV), sensitivity(value));
        Resource component = parse("""
                { "resourceType": "Observation", "status": "final",
                  "code": { "coding": [ { "system": "%s", "code": "24356-8" } ] },
                  "component": [
                    { "code": { "coding": [ { "system": "%s", "code": "8302-2" } ] }, "valueString": "x" },
                    { "code": { "coding": [ { "system": "%s", "code": "43304-5" } ] }, "valueString": "detected" } ] }
                """.formatted(LOINC, LOINC, LOINC));
        assertEquals(Set.of(SecurityLabel.REPRODUCTIVE_HEALTH), sensitivity(component));
        Resource componentValue = parse("""
                { "resourceType": "Observation", "status": "final",
                  "code": { "coding": [ { "system": "%s", "code": "11450-4" } ] },
                  "component": [ { "code": { "coding": [ { "system": "%s", "code": "29308-4" } ] },
                    "valueCodeableConcept": { "coding": [ { "system": "%s", "code": "F31.9" } ] } } ] }
                """.formatted(LOINC, LOINC, CM));
        assertEquals(Set.of(SecurityLabel.MENTAL_HEALTH), sensitivity(componentValue));
    }

    @Test
    void reportsRequestsAllergiesAndImmunizations() {
        Resource report = parse("""
                { "resourceType": "DiagnosticReport", "status": "final",
                  "code": { "coding": [ { "system": "%s", "code": "24356-8" } ] },
                  "conclusionCode": [ { "coding": [ { "system": "%s", "code": "A56.01" } ] } ] }
                """.formatted(LOINC, CM));
        assertEquals(Set.of(SecurityLabel.REPRODUCTIVE_HEALTH), sensitivity(report));
        Resource reportCode = parse("""
                { "resourceType": "DiagnosticReport", "status": "final",
                  "code": { "coding": [ { "system": "%s", "code": "20447-9" } ] } }
                """.formatted(LOINC));
        assertEquals(Set.of(SecurityLabel.HIV), sensitivity(reportCode));
        Resource request = parse("""
                { "resourceType": "ServiceRequest", "status": "active", "intent": "order",
                  "subject": { "reference": "Patient/p1" },
                  "code": { "coding": [ { "system": "%s", "code": "24356-8" } ] },
                  "reasonCode": [ { "coding": [ { "system": "%s", "code": "Z11.4" } ] } ] }
                """.formatted(LOINC, CM));
        assertEquals(Set.of(SecurityLabel.HIV), sensitivity(request));
        Resource allergy = parse("""
                { "resourceType": "AllergyIntolerance", "patient": { "reference": "Patient/p1" },
                  "code": { "coding": [ { "system": "%s", "code": "F10.10" } ] } }
                """.formatted(CM));
        assertEquals(Set.of(SecurityLabel.SUBSTANCE_USE), sensitivity(allergy));
        Resource immunization = parse("""
                { "resourceType": "Immunization", "status": "completed", "patient": { "reference": "Patient/p1" },
                  "occurrenceDateTime": "2024-01-01",
                  "vaccineCode": { "coding": [ { "system": "%s", "code": "B20" } ] } }
                """.formatted(CM));
        assertEquals(Set.of(), sensitivity(immunization));
    }

    @Test
    void encounterReasonTypeAndDiagnosisThroughTheResolver() {
        Resource reason = parse("""
                { "resourceType": "Encounter", "status": "finished", "class": { "code": "AMB" },
                  "reasonCode": [ { "coding": [ { "system": "%s", "code": "Z69.11" } ] } ] }
                """.formatted(CM));
        assertEquals(Set.of(SecurityLabel.SEXUAL_DOMESTIC_VIOLENCE), sensitivity(reason));
        Resource type = parse("""
                { "resourceType": "Encounter", "status": "finished", "class": { "code": "AMB" },
                  "type": [ { "coding": [ { "system": "%s", "code": "24165007" } ] } ] }
                """.formatted(SCT));
        assertEquals(Set.of(SecurityLabel.PART_2, SecurityLabel.SUBSTANCE_USE), sensitivity(type));

        Resource encounter = parse("""
                { "resourceType": "Encounter", "status": "finished", "class": { "code": "IMP" },
                  "diagnosis": [ { "condition": { "reference": "Condition/abc" } },
                                 { "condition": { "reference": "urn:uuid:9b3e2a0c-6c1e-4a38-9f6a-1f2d3c4b5a69" } },
                                 { "condition": { "reference": "Condition/unknown" } } ] }
                """);
        Map<String, Resource> known = Map.of(
                "Condition/abc", condition(CM, "F20.9"),
                "urn:uuid:9b3e2a0c-6c1e-4a38-9f6a-1f2d3c4b5a69", condition(SCT, "62479008"));
        assertEquals(Set.of(SecurityLabel.MENTAL_HEALTH, SecurityLabel.HIV),
                labeller.sensitivity(encounter, known::get));
        assertEquals(Set.of(), labeller.sensitivity(encounter, NO_REFERENCES), "an unresolved reference is ignored");
    }

    @Test
    void labelAddsSensitivityWithoutRaisingConfidentiality() {
        // a category is withheld as a category (so that an opt-in can release it): it does not make the record R
        Resource hiv = condition(CM, "B20");
        labeller.label(hiv, null, NO_REFERENCES);
        assertEquals(List.of(SecurityLabel.HIV, SecurityLabel.NORMAL), List.copyOf(Labeller.labels(hiv)));
        assertEquals(SecurityLabel.NORMAL, Labeller.confidentiality(hiv));
        for (Coding coding : hiv.getMeta().getSecurity()) {
            assertTrue(coding.getExtensionByUrl(Labeller.ASSIGNED_LABEL).getValueAsPrimitive().getValue().equals(true));
        }

        Resource plain = condition(CM, "J45.909");
        labeller.label(plain, null, NO_REFERENCES);
        assertEquals(Set.of(SecurityLabel.NORMAL), Labeller.labels(plain));
    }

    @Test
    void relabellingIsIdempotent() {
        Resource encounter = parse("""
                { "resourceType": "Encounter", "id": "e1", "status": "finished", "class": { "code": "AMB" },
                  "meta": { "security": [ { "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "TBOO" } ] },
                  "reasonCode": [ { "coding": [ { "system": "%s", "code": "F10.20" } ] },
                                  { "coding": [ { "system": "%s", "code": "B20" } ] },
                                  { "coding": [ { "system": "%s", "code": "HZ2ZZZZ" } ] } ] }
                """.formatted(CM, CM, PCS));
        labeller.label(encounter, SecurityLabel.NORMAL, NO_REFERENCES);
        String once = encode(encounter);
        labeller.label(encounter, SecurityLabel.NORMAL, NO_REFERENCES);
        assertEquals(once, encode(encounter));
        Resource reparsed = parse(once);
        labeller.label(reparsed, SecurityLabel.NORMAL, NO_REFERENCES);
        assertEquals(once, encode(reparsed));
        List<String> keys = Labeller.labels(encounter).stream().map(SecurityLabel::key).toList();
        assertEquals(List.of("http://terminology.hl7.org/CodeSystem/v3-ActCode|TBOO",
                SecurityLabel.PART_2.key(), SecurityLabel.SUBSTANCE_USE.key(), SecurityLabel.HIV.key(),
                SecurityLabel.NORMAL.key()), keys, "sender's first, then the gateway's sorted by key");
    }

    @Test
    void senderLabelsAreKeptAndTheirConfidentialityCounts() {
        Resource condition = parse("""
                { "resourceType": "Condition", "subject": { "reference": "Patient/p1" },
                  "meta": { "security": [
                    { "system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "V", "display": "sender's" },
                    { "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "HIV" } ] },
                  "code": { "coding": [ { "system": "%s", "code": "B20" } ] } }
                """.formatted(CM));
        labeller.label(condition, SecurityLabel.NORMAL, NO_REFERENCES);
        List<Coding> security = condition.getMeta().getSecurity();
        assertEquals(2, security.size(), "no gateway label under the sender's V, no second HIV");
        assertEquals("sender's", security.get(0).getDisplay());
        assertFalse(security.get(1).hasExtension(Labeller.ASSIGNED_LABEL));
        assertEquals(SecurityLabel.VERY_RESTRICTED, Labeller.confidentiality(condition));

        Resource lower = parse("""
                { "resourceType": "Condition", "subject": { "reference": "Patient/p1" },
                  "meta": { "security": [
                    { "system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "N" } ] },
                  "code": { "coding": [ { "system": "%s", "code": "F41.1" } ] } }
                """.formatted(CM));
        labeller.label(lower, null, NO_REFERENCES);
        assertEquals(List.of(SecurityLabel.NORMAL, SecurityLabel.MENTAL_HEALTH), List.copyOf(Labeller.labels(lower)),
                "the sender's N is kept and is already the level: no gateway confidentiality label");
        assertEquals(SecurityLabel.NORMAL, Labeller.confidentiality(lower));
        labeller.label(lower, SecurityLabel.RESTRICTED, NO_REFERENCES);
        assertEquals(SecurityLabel.RESTRICTED, Labeller.confidentiality(lower), "a restricted patient's is higher");
    }

    @Test
    void aCodeCorrectionRemovesTheOldGatewayLabel() {
        Condition condition = (Condition) condition(CM, "F10.20");
        labeller.label(condition, null, NO_REFERENCES);
        assertEquals(Set.of(SecurityLabel.SUBSTANCE_USE, SecurityLabel.NORMAL), Labeller.labels(condition));
        condition.setCode(new CodeableConcept(new Coding(CM, "J45.909", "Asthma")));
        labeller.label(condition, null, NO_REFERENCES);
        assertEquals(Set.of(SecurityLabel.NORMAL), Labeller.labels(condition));
    }

    @Test
    void patientLevelPropagatesAndThePatientKeepsItsOwn() {
        Resource observation = parse("""
                { "resourceType": "Observation", "status": "final",
                  "code": { "coding": [ { "system": "%s", "code": "8302-2" } ] } }
                """.formatted(LOINC));
        labeller.label(observation, SecurityLabel.RESTRICTED, NO_REFERENCES);
        assertEquals(Set.of(SecurityLabel.RESTRICTED), Labeller.labels(observation));
        labeller.label(observation, SecurityLabel.VERY_RESTRICTED, NO_REFERENCES);
        assertEquals(Set.of(SecurityLabel.VERY_RESTRICTED), Labeller.labels(observation));
        labeller.label(observation, null, NO_REFERENCES);
        assertEquals(Set.of(SecurityLabel.NORMAL), Labeller.labels(observation));
        Resource hiv = condition(CM, "B20");
        labeller.label(hiv, SecurityLabel.VERY_RESTRICTED, NO_REFERENCES);
        assertEquals(Set.of(SecurityLabel.HIV, SecurityLabel.VERY_RESTRICTED), Labeller.labels(hiv));

        Patient restricted = (Patient) parse("""
                { "resourceType": "Patient", "meta": { "security": [
                  { "system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R" } ] } }
                """);
        labeller.label(restricted, SecurityLabel.NORMAL, NO_REFERENCES);
        assertEquals(1, restricted.getMeta().getSecurity().size());
        assertEquals(SecurityLabel.RESTRICTED, Labeller.confidentiality(restricted));
        labeller.label(observation, Labeller.confidentiality(restricted), NO_REFERENCES);
        assertEquals(Set.of(SecurityLabel.RESTRICTED), Labeller.labels(observation));

        Patient lifted = new Patient();
        labeller.label(lifted, SecurityLabel.RESTRICTED, NO_REFERENCES);
        assertEquals(Set.of(SecurityLabel.NORMAL), Labeller.labels(lifted),
                "a Patient's level is its own sender labels, not the stored level");
        assertThrows(IllegalArgumentException.class, () -> labeller.label(lifted, SecurityLabel.HIV, NO_REFERENCES));
    }

    @Test
    void confidentialityAndLabelsOfAnUnlabelledResource() {
        Resource bare = condition(CM, "B20");
        assertEquals(SecurityLabel.NORMAL, Labeller.confidentiality(bare));
        assertEquals(Set.of(), Labeller.labels(bare));
    }

    @Test
    void everyCodeInTheValueSetsIsFound() {
        List<ValueSet> valueSets = sensitivityValueSets();
        assertEquals(6, valueSets.size());
        int checked = 0;
        for (ValueSet valueSet : valueSets) {
            SecurityLabel label = Labeller.VALUE_SETS.get(valueSet.getUrl());
            for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
                List<String> codes = new ArrayList<>();
                include.getConcept().forEach(c -> codes.add(c.getCode()));
                for (ValueSet.ConceptSetFilterComponent filter : include.getFilter()) {
                    codes.add(filter.getValue());
                    codes.add(filter.getValue() + (filter.getValue().contains(".") ? "9" : ".9"));
                }
                for (String code : codes) {
                    boolean excluded = isExcluded(valueSet, include.getSystem(), code);
                    Set<SecurityLabel> found = sensitivity(condition(include.getSystem(), code));
                    assertEquals(!excluded, found.contains(label), valueSet.getUrl() + " " + include.getSystem() + "|" + code);
                    checked++;
                }
            }
            for (ValueSet.ConceptSetComponent exclude : valueSet.getCompose().getExclude()) {
                for (ValueSet.ConceptSetFilterComponent filter : exclude.getFilter()) {
                    assertFalse(sensitivity(condition(exclude.getSystem(), filter.getValue() + ".210")).contains(label));
                }
            }
        }
        assertTrue(checked > 150, "checked " + checked);
    }

    private static boolean isExcluded(ValueSet valueSet, String system, String code) {
        String normal = code.replace(".", "");
        return valueSet.getCompose().getExclude().stream()
                .filter(e -> e.getSystem().equals(system))
                .flatMap(e -> e.getFilter().stream())
                .anyMatch(f -> normal.startsWith(f.getValue().replace(".", "")));
    }

    /** LOINC codes carry a mod-10 check digit and SNOMED CT identifiers a Verhoeff one: a typo fails here. */
    @Test
    void everyListedCodeHasAValidCheckDigit() {
        for (ValueSet valueSet : sensitivityValueSets()) {
            for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
                for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
                    String code = concept.getCode();
                    assertTrue(concept.hasDisplay(), code);
                    if (LOINC.equals(include.getSystem())) {
                        assertTrue(code.matches("\\d{1,7}-\\d"), code);
                        assertEquals(loincCheckDigit(code.substring(0, code.indexOf('-'))),
                                code.charAt(code.length() - 1) - '0', "LOINC " + code);
                    } else if (SCT.equals(include.getSystem())) {
                        assertTrue(code.matches("\\d{6,18}"), code);
                        assertTrue(verhoeffValid(code), "SNOMED CT " + code);
                    }
                }
            }
        }
    }

    private static int loincCheckDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return (10 - sum % 10) % 10;
    }

    private static final int[][] VERHOEFF_D = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
        {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
        {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
        {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
    private static final int[][] VERHOEFF_P = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
        {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
        {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};

    private static boolean verhoeffValid(String digits) {
        int check = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            check = VERHOEFF_D[check][VERHOEFF_P[i % 8][digit]];
        }
        return check == 0;
    }

    @Test
    void unknownFilterKindsFailAtLoad() {
        ValueSet regex = new ValueSet();
        regex.setUrl(Labeller.VALUE_SET_BASE + "sensitivity-hiv");
        regex.getCompose().addInclude().setSystem(CM).addFilter()
                .setProperty("concept").setOp(ValueSet.FilterOperator.REGEX).setValue("B2.*");
        assertThrows(IllegalArgumentException.class, () -> Labeller.of(List.of(regex)));

        ValueSet snomedIsA = new ValueSet();
        snomedIsA.setUrl(Labeller.VALUE_SET_BASE + "sensitivity-hiv");
        snomedIsA.getCompose().addInclude().setSystem(SCT).addFilter()
                .setProperty("concept").setOp(ValueSet.FilterOperator.ISA).setValue("86406008");
        assertThrows(IllegalArgumentException.class, () -> Labeller.of(List.of(snomedIsA)),
                "no SNOMED CT hierarchy is loaded, so is-a on it cannot be honoured");

        ValueSet wholeSystem = new ValueSet();
        wholeSystem.setUrl(Labeller.VALUE_SET_BASE + "sensitivity-hiv");
        wholeSystem.getCompose().addInclude().setSystem(LOINC);
        assertThrows(IllegalArgumentException.class, () -> Labeller.of(List.of(wholeSystem)));

        assertThrows(IllegalStateException.class, () -> Labeller.of(List.of()), "all six are required");
    }

    @Test
    void encounterDiagnosisAlreadyInMemoryNeedsNoResolver() {
        Encounter encounter = new Encounter();
        Reference reference = new Reference("Condition/x");
        reference.setResource(condition(CM, "Z21"));
        encounter.addDiagnosis().setCondition(reference);
        assertEquals(Set.of(SecurityLabel.HIV), sensitivity(encounter));
        assertEquals(Set.of(), sensitivity(new Observation()));
    }

    private static List<ValueSet> sensitivityValueSets() {
        List<ValueSet> valueSets = new ArrayList<>();
        ConformancePackage.load(fhir).forEach(r -> {
            if (r instanceof ValueSet vs && Labeller.VALUE_SETS.containsKey(vs.getUrl())) {
                valueSets.add(vs);
            }
        });
        return valueSets;
    }
}
