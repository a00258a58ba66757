package org.fhirgateway.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The NPM package the build writes: its manifest and index, the generated snapshots, and what the profiles refuse. */
class ConformancePackageTest {

    private static final String PATIENT = ConformancePackage.CANONICAL + "/StructureDefinition/gateway-patient";
    private static FhirContext fhir;
    private static ResourceValidator validator;
    private static List<IBaseResource> resources;

    @BeforeAll
    static void load() {
        fhir = FhirContext.forR4Cached();
        validator = new ResourceValidator(fhir);
        resources = ConformancePackage.load(fhir);
    }

    @Test
    void manifestNamesThePackageAndItsCoreDependency() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ConformancePackage.FOLDER + "package.json")) {
            JsonNode manifest = new ObjectMapper().readTree(in);
            assertEquals("org.fhirgateway.profiles", manifest.path("name").asText());
            assertEquals("4.0.1", manifest.path("dependencies").path("hl7.fhir.r4.core").asText());
            assertEquals("4.0.1", manifest.path("fhirVersions").path(0).asText());
        }
    }

    @Test
    void everyProfileTheIssueNamesIsThereWithAGeneratedSnapshot() {
        Set<String> profiled = resources.stream().filter(r -> r instanceof StructureDefinition)
                .map(r -> (StructureDefinition) r)
                .filter(sd -> sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE)
                .peek(sd -> assertTrue(sd.getSnapshot().getElement().size() > sd.getDifferential().getElement().size(),
                        sd.getUrl() + " has a snapshot"))
                .map(StructureDefinition::getType).collect(Collectors.toSet());
        assertEquals(Set.of("Patient", "Encounter", "Condition", "Procedure", "Observation", "DiagnosticReport",
                "Immunization", "ServiceRequest", "Specimen", "DocumentReference", "Coverage", "Provenance"), profiled);
    }

    @Test
    void packageCarriesTerminologyConceptMapsAndTheRequirements() {
        Set<String> types = resources.stream().map(IBaseResource::fhirType).collect(Collectors.toSet());
        assertTrue(types.containsAll(Set.of("ValueSet", "CodeSystem", "ConceptMap", "CapabilityStatement")), types.toString());
        CapabilityStatement requirements = (CapabilityStatement) resources.stream()
                .filter(r -> r instanceof CapabilityStatement).findFirst().orElseThrow();
        assertEquals(CapabilityStatement.CapabilityStatementKind.REQUIREMENTS, requirements.getKind());
        assertEquals(PATIENT, requirements.getRestFirstRep().getResource().stream()
                .filter(r -> r.getType().equals("Patient")).findFirst().orElseThrow().getProfile());
    }

    @Test
    void everyPackageResourceIsValidR4() {
        for (IBaseResource resource : resources) {
            if (resource instanceof StructureDefinition sd
                    && sd.getKind() == StructureDefinition.StructureDefinitionKind.COMPLEXTYPE) {
                // The validator cannot re-derive an extension definition's snapshot without the core package's
                // id (hl7.fhir.r4.core#null); the build generated it, so its presence is what is checked here.
                assertTrue(sd.hasSnapshot(), sd.getUrl());
                continue;
            }
            if (resource.fhirType().equals("ConceptMap")) {
                // The IG's maps list source codes met on real feeds that the v2 tables do not hold (v2-0396 has
                // no 'ICD10CM'), which the validator reports; the mappers need those rows, so only structure is
                // checked here.
                List<String> structural = validator.errors(resource).stream()
                        .filter(e -> !e.contains("is not valid in the code system")).toList();
                assertEquals(List.of(), structural, resource.getIdElement().getValue());
                continue;
            }
            assertEquals(List.of(), validator.errors(resource), resource.getIdElement().getValue());
        }
    }

    @Test
    void aPatientWithoutAnIdentifierSystemFailsTheGatewayProfileButNotCore() {
        IBaseResource patient = fhir.newJsonParser().parseResource("""
                { "resourceType": "Patient", "identifier": [ { "value": "12345" } ], "gender": "male" }
                """);
        assertEquals(List.of(), validator.errors(patient));
        OperationOutcome outcome = validator.validate(patient, PATIENT);
        List<String> errors = outcome.getIssue().stream()
                .filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR)
                .map(i -> i.getExpression() + " " + i.getDiagnostics()).toList();
        assertFalse(errors.isEmpty());
        assertTrue(errors.stream().anyMatch(e -> e.contains("Patient.identifier.system")), errors.toString());
    }

    @Test
    void aDiagnosticReportWithNoResultsFailsItsProfile() {
        IBaseResource report = fhir.newJsonParser().parseResource("""
                { "resourceType": "DiagnosticReport",
                  "meta": { "profile": [ "%s/StructureDefinition/gateway-diagnosticreport" ] },
                  "identifier": [ { "system": "urn:oid:1.2.3", "value": "R1" } ],
                  "status": "final", "code": { "text": "CBC" } }
                """.formatted(ConformancePackage.CANONICAL));
        assertTrue(validator.errors(report).stream().anyMatch(e -> e.contains("gw-dr-1")), validator.errors(report).toString());
    }

    @Test
    void knowsItsOwnProfilesAndCoreOnes() {
        assertTrue(validator.knowsProfile(PATIENT));
        assertTrue(validator.knowsProfile("http://hl7.org/fhir/StructureDefinition/Patient"));
        assertFalse(validator.knowsProfile("http://example.org/StructureDefinition/none"));
        assertNotNull(ConformancePackage.listNames());
    }
}
