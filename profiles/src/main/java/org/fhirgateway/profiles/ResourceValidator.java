package org.fhirgateway.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Validates FHIR R4 resources against the base specification and the gateway's own conformance package.
 * Never throws for an invalid resource: the findings come back as an {@link OperationOutcome}.
 *
 * <p>Building the validator loads every R4 definition (several seconds, about 200 MB), so one instance
 * should be shared; it is thread-safe.
 */
public final class ResourceValidator {

    /** The one validator a process shares, built on first use ({@link #shared()}). */
    private static volatile ResourceValidator shared;

    private final FhirContext fhirContext;
    private final FhirValidator validator;
    private final ValidationSupportChain support;

    public ResourceValidator(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
        PrePopulatedValidationSupport gatewayPackage = new PrePopulatedValidationSupport(fhirContext);
        ConformancePackage.load(fhirContext).forEach(gatewayPackage::addResource);
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(fhirContext),
                gatewayPackage,
                new CommonCodeSystemsTerminologyService(fhirContext),
                new InMemoryTerminologyServerValidationSupport(fhirContext),
                new SnapshotGeneratingValidationSupport(fhirContext));
        this.support = chain;
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
        // Code systems such as LOINC, SNOMED CT and ICD-10 are not loaded here (no terminology server),
        // so a code from one of them is reported as a warning, not an error.
        instanceValidator.setErrorForUnknownProfiles(true);
        this.validator = fhirContext.newValidator().registerValidatorModule(instanceValidator);
    }

    /** The process's shared validator over {@link FhirContext#forR4Cached()}, built by the first caller. */
    public static ResourceValidator shared() {
        ResourceValidator current = shared;
        if (current == null) {
            synchronized (ResourceValidator.class) {
                if (shared == null) {
                    shared = new ResourceValidator(FhirContext.forR4Cached());
                }
                current = shared;
            }
        }
        return current;
    }

    public FhirContext fhirContext() {
        return fhirContext;
    }

    /** Validates one resource (a Bundle validates each entry too). */
    public OperationOutcome validate(IBaseResource resource) {
        ValidationResult result = validator.validateWithResult(resource);
        return (OperationOutcome) result.toOperationOutcome();
    }

    /** Validates one resource against {@code profile} (a StructureDefinition URL) besides what it declares. */
    public OperationOutcome validate(IBaseResource resource, String profile) {
        ca.uhn.fhir.validation.ValidationOptions options = new ca.uhn.fhir.validation.ValidationOptions();
        options.addProfile(profile);
        return (OperationOutcome) validator.validateWithResult(resource, options).toOperationOutcome();
    }

    /** Whether {@code url} names a StructureDefinition this validator knows (R4's or the gateway package's). */
    public boolean knowsProfile(String url) {
        return support.fetchStructureDefinition(url) != null;
    }

    /** The messages of severity error or fatal, each as "location: message". */
    public List<String> errors(IBaseResource resource) {
        ValidationResult result = validator.validateWithResult(resource);
        return result.getMessages().stream()
                .filter(ResourceValidator::isError)
                .map(m -> m.getLocationString() + ": " + m.getMessage())
                .toList();
    }

    private static boolean isError(SingleValidationMessage message) {
        return message.getSeverity() == ResultSeverityEnum.ERROR || message.getSeverity() == ResultSeverityEnum.FATAL;
    }
}
