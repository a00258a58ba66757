package org.fhirgateway.server.shadedjar;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.fhirgateway.profiles.ResourceValidator;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Run by {@link ShadedJarIT} as {@code java -cp <this class only>:gateway.jar}: every other class comes from the shaded
 * jar, so a dependency excluded from it that R4 validation needs (the validator loads much reflectively or lazily:
 * version converters, the R5 model, FHIRPath, UCUM, terminology) fails here rather than in production. Uses nothing
 * outside the jar (no JUnit). Prints {@code PROBE OK} and exits 0, or prints each failed check and exits 1.
 *
 * <p>Arguments: NDJSON files of bundles (the output of {@code convert}); each bundle must validate without errors.
 */
public final class ShadedJarProbe {

    private static final List<String> failures = new ArrayList<>();

    private ShadedJarProbe() {
    }

    public static void main(String[] args) throws Exception {
        FhirContext fhir = FhirContext.forR4();
        check("FhirContext.forR4() is R4", fhir.getVersion().getVersion() == FhirVersionEnum.R4, "");

        Patient parsed = fhir.newJsonParser().parseResource(Patient.class, VALID_PATIENT_JSON);
        String xml = fhir.newXmlParser().encodeResourceToString(parsed);
        Patient fromXml = fhir.newXmlParser().parseResource(Patient.class, xml);
        check("JSON -> XML -> model round trip", "Chalmers".equals(fromXml.getNameFirstRep().getFamily()), xml);
        List<StringType> family = fhir.newFhirPath().evaluate(fromXml, "Patient.name.family", StringType.class);
        check("FHIRPath on the R4 model", family.size() == 1 && "Chalmers".equals(family.get(0).getValue()), family.toString());

        // The production validator: base R4 definitions and the gateway's conformance package.
        ResourceValidator validator = new ResourceValidator(fhir);
        expectNoErrors("valid Patient claiming the core Patient profile", validator.errors(parsed));
        expectErrors("Patient violating invariant pat-1 (FHIRPath)",
                validator.errors(fhir.newJsonParser().parseResource(PAT_1_VIOLATION_JSON)), e -> e.contains("pat-1"));
        expectErrors("Patient claiming an unknown profile",
                validator.errors(fhir.newJsonParser().parseResource(UNKNOWN_PROFILE_JSON)),
                e -> e.contains("http://example.org/StructureDefinition/no-such-profile"));
        expectNoErrors("Observation conforming to the core heart rate profile (UCUM)",
                validator.errors(fhir.newJsonParser().parseResource(HEART_RATE_JSON)));
        expectErrors("Observation breaking the core heart rate profile",
                validator.errors(fhir.newJsonParser().parseResource(BAD_HEART_RATE_JSON)),
                e -> e.contains("Observation.subject") || e.contains("Observation.effective"));
        check("an OperationOutcome comes back", validator.validate(parsed).getIssue() != null, "");

        // The same chain as ResourceValidator plus a differential-only profile: the snapshot is generated here.
        PrePopulatedValidationSupport extra = new PrePopulatedValidationSupport(fhir);
        extra.addStructureDefinition(fhir.newJsonParser().parseResource(StructureDefinition.class, PROFILE_JSON));
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(fhir),
                extra,
                new CommonCodeSystemsTerminologyService(fhir),
                new InMemoryTerminologyServerValidationSupport(fhir),
                new SnapshotGeneratingValidationSupport(fhir));
        FhirInstanceValidator module = new FhirInstanceValidator(chain);
        module.setErrorForUnknownProfiles(true);
        FhirValidator custom = fhir.newValidator().registerValidatorModule(module);
        expectNoErrors("Patient conforming to a generated-snapshot profile", errors(custom.validateWithResult(PROFILED_PATIENT_JSON)));
        expectErrors("Patient without the birthDate that profile requires",
                errors(custom.validateWithResult(PROFILED_PATIENT_JSON.replace("\"birthDate\": \"1974-12-25\",", ""))),
                e -> e.contains("birthDate"));
        expectNoErrors("valid Patient as XML text", errors(custom.validateWithResult(xml)));
        expectErrors("Patient with an unknown gender code, as XML text",
                errors(custom.validateWithResult(xml.replace("<gender value=\"male\"/>", "<gender value=\"bogus\"/>"))),
                e -> e.contains("bogus"));

        for (String arg : args) {
            int n = 0;
            for (String line : Files.readAllLines(Path.of(arg), StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                IBaseResource bundle = fhir.newJsonParser().parseResource(Bundle.class, line);
                expectNoErrors(arg + " bundle " + (++n), validator.errors(bundle));
            }
            check(arg + " holds bundles", n > 0, "");
        }

        if (failures.isEmpty()) {
            System.out.println("PROBE OK");
            System.exit(0);
        }
        failures.forEach(f -> System.out.println("PROBE FAILED: " + f));
        System.exit(1);
    }

    private static List<String> errors(ValidationResult result) {
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(m -> m.getLocationString() + ": " + m.getMessage())
                .toList();
    }

    private static void check(String what, boolean ok, String detail) {
        System.out.println((ok ? "ok   " : "FAIL ") + what);
        if (!ok) {
            failures.add(what + " " + detail);
        }
    }

    private static void expectNoErrors(String what, List<String> errors) {
        check(what, errors.isEmpty(), errors.toString());
    }

    private static void expectErrors(String what, List<String> errors, Predicate<String> expected) {
        check(what, errors.stream().anyMatch(expected), errors.toString());
    }

    private static final String VALID_PATIENT_JSON = """
            {
              "resourceType": "Patient",
              "meta": { "profile": [ "http://hl7.org/fhir/StructureDefinition/Patient" ] },
              "text": { "status": "generated", "div": "<div xmlns=\\"http://www.w3.org/1999/xhtml\\">Peter Chalmers</div>" },
              "identifier": [ { "system": "urn:oid:1.2.36.146.595.217.0.1", "value": "12345" } ],
              "name": [ { "family": "Chalmers", "given": [ "Peter" ] } ],
              "gender": "male",
              "birthDate": "1974-12-25",
              "communication": [ { "language": { "coding": [ { "system": "urn:ietf:bcp:47", "code": "en-US" } ] } } ],
              "contact": [ { "name": { "family": "du Marché" } } ]
            }
            """;

    private static final String PAT_1_VIOLATION_JSON = """
            { "resourceType": "Patient", "name": [ { "family": "Chalmers" } ], "contact": [ { "gender": "female" } ] }
            """;

    private static final String UNKNOWN_PROFILE_JSON = """
            { "resourceType": "Patient",
              "meta": { "profile": [ "http://example.org/StructureDefinition/no-such-profile" ] },
              "name": [ { "family": "Chalmers" } ] }
            """;

    private static final String HEART_RATE_JSON = """
            {
              "resourceType": "Observation",
              "meta": { "profile": [ "http://hl7.org/fhir/StructureDefinition/heartrate" ] },
              "status": "final",
              "category": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                            "code": "vital-signs" } ] } ],
              "code": { "coding": [ { "system": "http://loinc.org", "code": "8867-4", "display": "Heart rate" } ] },
              "subject": { "reference": "Patient/example" },
              "effectiveDateTime": "2024-05-01T10:30:00Z",
              "valueQuantity": { "value": 60, "unit": "beats/minute", "system": "http://unitsofmeasure.org", "code": "/min" }
            }
            """;

    private static final String BAD_HEART_RATE_JSON = """
            {
              "resourceType": "Observation",
              "meta": { "profile": [ "http://hl7.org/fhir/StructureDefinition/heartrate" ] },
              "status": "final",
              "code": { "coding": [ { "system": "http://loinc.org", "code": "8867-4" } ] },
              "valueQuantity": { "value": 60, "system": "http://unitsofmeasure.org", "code": "/min" }
            }
            """;

    /** Differential only: requires birthDate and an identifier. */
    private static final String PROFILE_JSON = """
            {
              "resourceType": "StructureDefinition",
              "url": "http://example.org/StructureDefinition/probe-patient",
              "name": "ProbePatient",
              "status": "active",
              "fhirVersion": "4.0.1",
              "kind": "resource",
              "abstract": false,
              "type": "Patient",
              "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient",
              "derivation": "constraint",
              "differential": { "element": [
                { "id": "Patient", "path": "Patient" },
                { "id": "Patient.identifier", "path": "Patient.identifier", "min": 1 },
                { "id": "Patient.birthDate", "path": "Patient.birthDate", "min": 1 }
              ] }
            }
            """;

    private static final String PROFILED_PATIENT_JSON = """
            {
              "resourceType": "Patient",
              "meta": { "profile": [ "http://example.org/StructureDefinition/probe-patient" ] },
              "identifier": [ { "system": "urn:oid:1.2.36.146.595.217.0.1", "value": "12345" } ],
              "birthDate": "1974-12-25",
              "gender": "female"
            }
            """;
}
