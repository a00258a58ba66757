package org.fhirgateway.server.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class SafeHarborTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
    private static final TestPseudonyms IDS = new TestPseudonyms();

    /** Every identifying value the fixtures hold, as it could show in the JSON. */
    private static final List<String> IDENTIFYING = List.of(
            "Johnson", "Mary", "Ellen", "Smythe", "Molly", "Mendes", "Carlos", "Robert", "Alan", "Grant", "Jane",
            "Pemberton", "Elm", "Apt 4B", "Fifth Avenue", "Oak Road", "Main St", "Hospital Drive", "Keene",
            "New York", "Cheshire", "555", "example", "MRN-", "889911", "889912", "123-45-6789", "6789",
            "V-20260101", "ACCT-55501", "SUB-99812", "GRP-123", "LOT-A77", "1234567893", "ORG-7", "Gold Plan",
            "Hospital A", "Room 12", "dizziness", "visited", "hives after", "normal CBC", "uneventful",
            "1980-02-29", "02-29", "1930", "05-17", "2026-", "T09", "2024-11", "1999-07", "1962-08", "2001-06",
            "2015-01", "2019-11", "1925", "1961-09", "03601", "10001", "02139", "4307", "03431",
            "pat-4711", "pat-4712", "pat-0815", "prac-77", "org-hosp-a", "org-payer", "enc-1001", "obs-1", "obs-2",
            "obs-3", "loc-3", "rep-1", "cov-1", "cond-1", "prov-1", "doc-1", "alg-1", "imm-1", "rp-1",
            "\"data\"", "\"div\"", "\"display\":\"Dr.", "lastUpdated", "versionId", "\"source\"", "\"note\"",
            "\"issued\"", "\"signature\"", "\"identifier\"", "\"telecom\"", "\"name\"", "\"photo\"", "\"contact\"");

    private static String deidentified(Resource resource) {
        SafeHarbor.standard(CLOCK).apply(resource, IDS);
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }

    private static String ps(String type, String id) {
        return IDS.pseudonym(type, id);
    }

    @Test
    void noIdentifyingValueOfAnyFixtureSurvives() {
        for (Resource resource : DeidFixtures.all()) {
            String json = deidentified(resource);
            for (String value : IDENTIFYING) {
                assertFalse(json.contains(value), () -> resource.fhirType() + " still holds " + value + ": " + json);
            }
            assertTrue(json.contains("\"system\":\"" + SecurityLabel.OBSERVATION_VALUE + "\",\"code\":\"PSEUDED\""), json);
        }
    }

    @Test
    void theOldPatientKeepsWhatSafeHarborAllowsAndIsNinetyOrMore() {
        String json = deidentified(DeidFixtures.oldPatient());
        assertTrue(json.contains("\"id\":\"" + ps("Patient", "pat-4711") + "\""), json);
        assertFalse(json.contains("birthDate"), json);
        assertTrue(json.contains("{\"url\":\"" + SafeHarbor.AGE_GROUP + "\",\"valueString\":\"90+\"}"), json);
        assertTrue(json.contains("\"state\":\"NH\",\"postalCode\":\"000\",\"country\":\"US\""), json);
        assertTrue(json.contains("\"state\":\"NY\",\"postalCode\":\"100\""), json);
        assertTrue(json.contains("\"period\":{\"start\":\"2001\"}"), json);
        assertTrue(json.contains("\"period\":{\"start\":\"2015\",\"end\":\"2019\"}"), json);
        assertTrue(json.contains("\"code\":\"M\",\"display\":\"Married\""), json);
        assertTrue(json.contains("\"multipleBirthBoolean\":false"), json);
        assertTrue(json.contains("\"gender\":\"female\""), json);
        assertTrue(json.contains("\"generalPractitioner\":[{\"reference\":\"Practitioner/" + ps("Practitioner", "prac-77") + "\"}]"), json);
        assertTrue(json.contains("\"other\":{\"reference\":\"Patient/" + ps("Patient", "pat-0815") + "\"},\"type\":\"seealso\""), json);
        assertTrue(json.contains("\"code\":\"R\""), "existing labels are kept: " + json);
        assertFalse(json.contains("mothersMaidenName"), json);
        assertFalse(json.contains("\"text\""), json);
    }

    @Test
    void theYoungPatientKeepsTheYearsOfBirthAndDeath() {
        String json = deidentified(DeidFixtures.youngPatient());
        assertTrue(json.contains("\"birthDate\":\"1980\""), json);
        assertTrue(json.contains("\"deceasedDateTime\":\"2026\""), json);
        assertTrue(json.contains("\"state\":\"MA\",\"postalCode\":\"021\""), json);
        assertFalse(json.contains("age-group"), json);
    }

    @Test
    void agesOverEightyNineAreFoldedAndYoungerOnesKept() {
        String condition = deidentified(DeidFixtures.oldOnset());
        assertTrue(condition.contains("\"onsetAge\":{\"value\":90,\"comparator\":\">=\",\"unit\":\"years\","
                + "\"system\":\"http://unitsofmeasure.org\",\"code\":\"a\"}"), condition);
        assertFalse(condition.contains("93"), condition);
        assertTrue(condition.contains("\"recordedDate\":\"2026\""), condition);
        String observation = deidentified(DeidFixtures.age());
        assertTrue(observation.contains("\"valueQuantity\":{\"value\":90,\"comparator\":\">=\""), observation);
        assertTrue(observation.contains("30525-0"), observation);
        String young = deidentified(DeidFixtures.youngOnset());
        assertTrue(young.contains("\"abatementAge\":{\"value\":45,"), young);
        assertTrue(young.contains("\"onsetDateTime\":\"1999\""), young);
    }

    @Test
    void referencesArePseudonymisedAndDisplaysAndForeignReferencesGo() {
        String json = deidentified(DeidFixtures.encounter());
        assertTrue(json.contains("\"subject\":{\"reference\":\"Patient/" + ps("Patient", "pat-4711") + "\"}"), json);
        assertTrue(json.contains("\"individual\":{\"reference\":\"Practitioner/" + ps("Practitioner", "prac-77") + "\"}"), json);
        assertTrue(json.contains("\"period\":{\"start\":\"2026\",\"end\":\"2026\"}"), json);
        assertTrue(json.contains("\"text\":\"chest pain\""), "CodeableConcept.text describes a code: " + json);
        assertTrue(json.contains("\"code\":\"AMB\""), json);
        assertFalse(json.contains("serviceProvider"), "an absolute reference to another server goes: " + json);
    }

    @Test
    void requiredElementsThatMustGoAreMarkedAbsent() {
        String provenance = deidentified(DeidFixtures.provenance());
        assertTrue(provenance.contains("\"_recorded\":{\"extension\":[{\"url\":\"" + Elements.DATA_ABSENT_REASON
                + "\",\"valueCode\":\"masked\"}]}"), provenance);
        assertTrue(provenance.contains("\"occurredDateTime\":\"2026\""), provenance);
        assertTrue(provenance.contains("\"who\":{\"extension\":[{\"url\":\"" + Elements.DATA_ABSENT_REASON), provenance);
        String coverage = deidentified(DeidFixtures.coverage());
        assertTrue(coverage.contains("\"_value\":{\"extension\":[{\"url\":\"" + Elements.DATA_ABSENT_REASON), coverage);
        assertTrue(coverage.contains("\"beneficiary\":{\"reference\":\"Patient/" + ps("Patient", "pat-4711") + "\"}"), coverage);
        String document = deidentified(DeidFixtures.document());
        assertTrue(document.contains("\"attachment\":{\"contentType\":\"text/plain\"}"), document);
    }

    @Test
    void containedResourcesAreScrubbedButKeepTheirLocalIds() {
        Observation observation = DeidFixtures.heartRate();
        Practitioner inner = new Practitioner();
        inner.setId("p1");
        inner.addName(new HumanName().setFamily("Hiddenname"));
        observation.addContained(inner);
        observation.addPerformer(new Reference("#p1"));
        String json = deidentified(observation);
        assertFalse(json.contains("Hiddenname"), json);
        assertTrue(json.contains("\"reference\":\"#p1\""), json);
        assertTrue(json.contains("\"id\":\"p1\""), json);
        assertTrue(json.contains("\"effectiveDateTime\":\"2026\""), json);
        assertTrue(json.contains("\"valueQuantity\":{\"value\":72,"), json);
    }

    @Test
    void everyDeidentifiedFixtureParsesBackToItselfAndHoldsNoEmptyElement() {
        IParser parser = FHIR.newJsonParser();
        for (Resource resource : DeidFixtures.all()) {
            String json = deidentified(resource);
            assertNoEmptyElement(resource, resource.fhirType());
            Resource back = (Resource) parser.parseResource(json);
            assertEquals(json, parser.encodeResourceToString(back));
            assertEquals(json, FHIR.newJsonParser().encodeResourceToString(
                    FHIR.newXmlParser().parseResource(FHIR.newXmlParser().encodeResourceToString(back))));
        }
    }

    @Test
    void everyResourceTypeOfTheModelComesOutValid() {
        IParser parser = FHIR.newJsonParser();
        for (String type : new TreeSet<>(FHIR.getResourceTypes())) {
            Resource resource = (Resource) FHIR.getResourceDefinition(type).newInstance();
            resource.setId("real-id-1");
            resource.getMeta().setVersionId("9").setSource("http://sender.example");
            if (resource instanceof org.hl7.fhir.r4.model.DomainResource domain) {
                domain.getText().setDivAsString("<div>Mary Johnson</div>");
                domain.addExtension("http://x.example/name", new HumanName().setFamily("Johnson"));
            }
            String json = deidentified(resource);
            assertFalse(json.contains("real-id-1") || json.contains("Johnson") || json.contains("example"), json);
            assertTrue(json.contains(ps(type, "real-id-1")), json);
            parser.parseResource(json);
        }
    }

    @Test
    void birthDatesAreKeptAsYearsUpToEightyNineAndRemovedFromNinety() {
        for (LocalDate birth = LocalDate.of(1930, 1, 1); birth.isBefore(LocalDate.of(1940, 1, 1)); birth = birth.plusDays(13)) {
            Patient patient = new Patient();
            patient.setBirthDateElement(new DateType(birth.toString()));
            SafeHarbor.standard(CLOCK).apply(patient, IDS);
            boolean ninety = java.time.Period.between(birth, LocalDate.of(2026, 12, 7)).getYears() >= 90;
            assertEquals(!ninety, patient.hasBirthDate(), birth.toString());
            assertEquals(ninety, patient.hasExtension(SafeHarbor.AGE_GROUP), birth.toString());
            if (!ninety) {
                assertEquals(String.valueOf(birth.getYear()), patient.getBirthDateElement().getValueAsString());
            }
        }
        Patient yearOnly = new Patient().setBirthDateElement(new DateType("1936"));
        SafeHarbor.standard(CLOCK).apply(yearOnly, IDS);
        assertFalse(yearOnly.hasBirthDate(), "1936 may be a 90-year-old: the earliest day counts");
    }

    @Test
    void applyingTwiceKeepsTheAgeGroup() {
        Patient patient = DeidFixtures.oldPatient();
        SafeHarbor harbor = SafeHarbor.standard(CLOCK);
        harbor.apply(patient, IDS);
        harbor.apply(patient, IDS);
        assertEquals(1, patient.getExtensionsByUrl(SafeHarbor.AGE_GROUP).size());
        assertEquals(1, patient.getMeta().getSecurity().stream().filter(c -> "PSEUDED".equals(c.getCode())).count());
    }

    @Test
    void aConfiguredListAndBadPseudonymsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new SafeHarbor(Set.of("36"), CLOCK));
        Patient patient = new Patient();
        patient.setId("pat-1");
        assertThrows(IllegalStateException.class, () -> SafeHarbor.standard(CLOCK).apply(patient, (type, id) -> id));
        assertThrows(IllegalStateException.class, () -> SafeHarbor.standard(CLOCK).apply(patient, (type, id) -> "not valid!"));
        Patient other = DeidFixtures.youngPatient();
        new SafeHarbor(Set.of("021"), CLOCK).apply(other, IDS);
        assertEquals("000", other.getAddressFirstRep().getPostalCode());
    }

    /** Walks the tree: nothing below the resource may be empty (an emptied element is removed or marked absent). */
    private static void assertNoEmptyElement(Base element, String path) {
        List<String> empty = new ArrayList<>();
        for (Property child : Elements.children(element)) {
            for (Base value : child.getValues()) {
                if (Elements.isEmpty(value)) {
                    empty.add(path + "." + child.getName());
                }
                assertNoEmptyElement(value, path + "." + child.getName());
            }
        }
        assertTrue(empty.isEmpty(), () -> "empty elements left: " + empty);
    }
}
