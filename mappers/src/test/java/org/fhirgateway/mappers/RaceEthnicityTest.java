package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.MAPPER;
import static org.fhirgateway.mappers.TestMessages.load;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.fhirgateway.mappers.TestMessages.withField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.fhirgateway.profiles.ResourceValidator;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** PID-10 and PID-22 to the US Core race and ethnicity extensions; PID-8 to gender through the IG's map. */
class RaceEthnicityTest {

    private static final String MESSAGE = load("messages/ADT-A04-race-ethnicity.hl7");
    private static final String RACE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race";
    private static final String ETHNICITY = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity";
    private static final String CDC = "urn:oid:2.16.840.1.113883.6.238";

    private static List<String> codes(Extension extension, String part) {
        return extension.getExtensionsByUrl(part).stream()
                .map(e -> ((Coding) e.getValue()).getSystem() + "|" + ((Coding) e.getValue()).getCode()).toList();
    }

    private static String text(Extension extension) {
        return extension.getExtensionByUrl("text").getValue().primitiveValue();
    }

    private static List<String> issues(MappingResult result, String field) {
        return result.issues().stream().filter(i -> field.equals(i.field())).map(MappingIssue::reason).toList();
    }

    @Test
    void raceGoesToOmbCategoryDetailedAndText() throws MappingException {
        MappingResult result = MAPPER.map(MESSAGE);
        Extension race = only(result.bundle(), Patient.class).getExtensionByUrl(RACE);
        assertEquals(List.of(CDC + "|2106-3"), codes(race, "ombCategory"));
        assertEquals(List.of(CDC + "|2029-7"), codes(race, "detailed"));
        assertEquals("White, Asian Indian, Other", text(race));
        assertEquals(List.of("race code '3' (HL70005) is not a CDC Race & Ethnicity code, kept as text"),
                issues(result, "PID-10"));
    }

    @Test
    void table0189sHispanicIsTheOmbEthnicityCategory() throws MappingException {
        MappingResult result = MAPPER.map(MESSAGE);
        Extension ethnicity = only(result.bundle(), Patient.class).getExtensionByUrl(ETHNICITY);
        assertEquals(List.of(CDC + "|2135-2"), codes(ethnicity, "ombCategory"));
        assertEquals(List.of(), codes(ethnicity, "detailed"));
        assertEquals("Hispanic or Latino", text(ethnicity));
        assertEquals(List.of(), issues(result, "PID-22"));
        assertTrue(result.issues().stream().noneMatch(i -> i.reason().contains("not mapped")
                && ("PID-10".equals(i.field()) || "PID-22".equals(i.field()))), "no longer reported unmapped");
    }

    @Test
    void detailedEthnicityAndCodesOfTheWrongKindOrCheckDigit() throws MappingException {
        String message = withField(withField(MESSAGE, "PID", 22, "2148-5^Mexican^CDCREC~U^Unknown^HL70189"),
                "PID", 10, "2135-2^Hispanic or Latino^CDCREC~2106-4^White^CDCREC");
        MappingResult result = MAPPER.map(message);
        Patient patient = only(result.bundle(), Patient.class);
        Extension ethnicity = patient.getExtensionByUrl(ETHNICITY);
        assertEquals(List.of(), codes(ethnicity, "ombCategory"));
        assertEquals(List.of(CDC + "|2148-5"), codes(ethnicity, "detailed"));
        assertEquals("Mexican, Unknown", text(ethnicity));
        Extension race = patient.getExtensionByUrl(RACE);
        assertEquals(List.of(), codes(race, "ombCategory"));
        assertEquals(List.of(), codes(race, "detailed"));
        assertEquals("Hispanic or Latino, White", text(race), "the text is kept when no code is");
        assertEquals(2, issues(result, "PID-10").size(), "an ethnicity code and a wrong check digit");
        assertEquals(List.of("ethnic group code 'U' (HL70189) is not a CDC Race & Ethnicity code, kept as text"),
                issues(result, "PID-22"));
    }

    @Test
    void noRaceNoExtension() throws MappingException {
        Patient patient = only(MAPPER.map(withField(withField(MESSAGE, "PID", 10, ""), "PID", 22, "")).bundle(),
                Patient.class);
        assertNull(patient.getExtensionByUrl(RACE));
        assertNull(patient.getExtensionByUrl(ETHNICITY));
    }

    @Test
    void administrativeSexFollowsTheIgsMap() throws MappingException {
        MappingResult result = MAPPER.map(MESSAGE);
        assertEquals(AdministrativeGender.OTHER, only(result.bundle(), Patient.class).getGender(), "A (ambiguous)");
        Patient female = only(MAPPER.map(withField(MESSAGE, "PID", 8, "F")).bundle(), Patient.class);
        assertEquals(AdministrativeGender.FEMALE, female.getGender());
        assertFalse(female.hasExtension("http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex"),
                "PID-8 is administrative sex, never birth sex");
    }

    @Test
    void theBundleValidates() throws MappingException {
        ResourceValidator validator = new ResourceValidator(FhirContext.forR4Cached());
        assertEquals(List.of(), validator.errors(MAPPER.map(MESSAGE).bundle()));
    }
}
