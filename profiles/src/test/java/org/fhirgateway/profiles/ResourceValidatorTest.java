package org.fhirgateway.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The validator on this module's own classpath, so a dependency exclusion in the parent pom that breaks R4 validation
 * fails here (gateway-server's ShadedJarIT checks the same inside the shaded jar).
 */
class ResourceValidatorTest {

    private static FhirContext fhir;
    private static ResourceValidator validator;

    @BeforeAll
    static void build() {
        fhir = FhirContext.forR4Cached();
        validator = new ResourceValidator(fhir);
    }

    private static IBaseResource parse(String json) {
        return fhir.newJsonParser().parseResource(json);
    }

    @Test
    void validPatientClaimingTheCoreProfileHasNoErrors() {
        assertEquals(List.of(), validator.errors(parse("""
                { "resourceType": "Patient",
                  "meta": { "profile": [ "http://hl7.org/fhir/StructureDefinition/Patient" ] },
                  "name": [ { "family": "Chalmers" } ], "gender": "male", "birthDate": "1974-12-25",
                  "contact": [ { "name": { "family": "du Marché" } } ] }
                """)));
    }

    @Test
    void invariantViolationIsAnError() {
        List<String> errors = validator.errors(parse("""
                { "resourceType": "Patient", "contact": [ { "gender": "female" } ] }
                """));
        assertTrue(errors.stream().anyMatch(e -> e.contains("pat-1")), errors.toString());
    }

    @Test
    void unknownProfileIsAnError() {
        List<String> errors = validator.errors(parse("""
                { "resourceType": "Patient", "meta": { "profile": [ "http://example.org/StructureDefinition/none" ] } }
                """));
        assertTrue(errors.stream().anyMatch(e -> e.contains("http://example.org/StructureDefinition/none")), errors.toString());
    }

    @Test
    void coreVitalSignsProfileIsApplied() {
        List<String> errors = validator.errors(parse("""
                { "resourceType": "Observation",
                  "meta": { "profile": [ "http://hl7.org/fhir/StructureDefinition/heartrate" ] },
                  "status": "final", "code": { "coding": [ { "system": "http://loinc.org", "code": "8867-4" } ] },
                  "valueQuantity": { "value": 60, "system": "http://unitsofmeasure.org", "code": "/min" } }
                """));
        assertTrue(errors.stream().anyMatch(e -> e.contains("Observation.category")), errors.toString());
    }
}
