package org.fhirgateway.server.rest;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Optional;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;

/**
 * Translates the store's and search engine's failures into HTTP answers by their category; the stable code
 * (GW-STORE-*, GW-SEARCH-*) stays at the start of the diagnostics. A resource that breaks content rules is 422.
 */
final class StoreErrors {

    Optional<BaseServerResponseException> translate(Throwable failure) {
        if (!(failure instanceof StoreException e)) {
            return Optional.empty();
        }
        String message = e.getMessage();
        if (e.error() == StoreError.INVALID_RESOURCE || e.error() == StoreError.UNRESOLVED_REFERENCE) {
            return Optional.of(new UnprocessableEntityException(message, OperationOutcomes.error("processing", message)));
        }
        return Optional.of(switch (e.category()) {
            case NOT_FOUND -> withOutcome(new ResourceNotFoundException(message), "not-found");
            case GONE -> new ResourceGoneException(message, OperationOutcomes.error("deleted", message));
            case PRECONDITION_FAILED -> new PreconditionFailedException(message, OperationOutcomes.error("conflict", message));
            case CONFLICT -> new ResourceVersionConflictException(message, OperationOutcomes.error("conflict", message));
            case INVALID -> new InvalidRequestException(message, OperationOutcomes.error("invalid", message));
            case FORBIDDEN -> new ForbiddenOperationException(message, OperationOutcomes.error("forbidden", message));
            case INTERNAL -> new InternalErrorException(e.code() + ": internal storage error");
            case UNAVAILABLE -> withOutcome(new ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException(
                    503, message), "transient");
        });
    }

    private static BaseServerResponseException withOutcome(BaseServerResponseException exception, String issueCode) {
        exception.setOperationOutcome(OperationOutcomes.error(issueCode, exception.getMessage()));
        return exception;
    }
}
