package org.fhirgateway.server.rest;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.ValidationModeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.fhirgateway.profiles.ResourceValidator;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * {@code $validate} on every served type: the posted resource checked against R4, the profiles it declares, and
 * the {@code profile} asked for (the gateway package's or R4's), with the shipped terminology and no network.
 * The answer is 200 with the validator's OperationOutcome (errors included), as the operation's definition says;
 * only a request that cannot be validated (unknown profile, unknown mode, update without an id) is a 400.
 *
 * <p>The validator loads every R4 definition (seconds, a few hundred MB): the process's shared one is used, built
 * on the first call, so a gateway nobody asks to validate never pays for it.
 */
final class ValidateOperation {

    MethodOutcome validate(IBaseResource resource, ValidationModeEnum mode, String profile, RequestDetails request) {
        RequestAccess.of(request); // authenticated: no stored data is read, so no scope is needed
        if (resource == null) {
            throw new StoreException(StoreError.INVALID_RESOURCE, "$validate needs a resource in the body");
        }
        if (mode == ValidationModeEnum.UPDATE && !resource.getIdElement().hasIdPart()) {
            throw new StoreException(StoreError.INVALID_VALIDATE_MODE, "mode=update needs the resource's id");
        }
        if (mode == ValidationModeEnum.DELETE) {
            throw new StoreException(StoreError.INVALID_VALIDATE_MODE,
                    "mode=delete is not supported: the gateway places no conditions on deletion besides access");
        }
        ResourceValidator validator = ResourceValidator.shared();
        if (profile != null && !profile.isBlank() && !validator.knowsProfile(profile)) {
            throw new StoreException(StoreError.UNKNOWN_PROFILE, "profile " + profile
                    + " is neither an R4 profile nor one of the gateway's (GET /fhir/StructureDefinition lists them)");
        }
        OperationOutcome outcome = profile == null || profile.isBlank()
                ? validator.validate(resource) : validator.validate(resource, profile);
        if (outcome.getIssue().isEmpty()) {
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                    .setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics("No issues detected");
        }
        outcome.setId((IdType) null);
        MethodOutcome result = new MethodOutcome();
        result.setOperationOutcome(outcome);
        return result;
    }
}
