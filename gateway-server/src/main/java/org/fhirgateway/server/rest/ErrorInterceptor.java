package org.fhirgateway.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.NotImplementedOperationException;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last word on every failed request: store and search failures become the HTTP status they mean; anything
 * unexpected becomes a 500 OperationOutcome naming an incident id, with no internal message or stack trace in the
 * answer. The log gets the exception type and stack frames only (messages may quote patient data).
 */
public final class ErrorInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorInterceptor.class);

    private final StoreErrors storeErrors;

    ErrorInterceptor(StoreErrors storeErrors) {
        this.storeErrors = storeErrors;
    }

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException map(RequestDetails request, Throwable thrown) {
        Throwable cause = unwrap(thrown);
        if (cause instanceof BaseServerResponseException known && !(cause instanceof InternalErrorException)) {
            return known;
        }
        Optional<BaseServerResponseException> mapped = storeErrors.translate(cause);
        if (mapped.isPresent()) {
            // store and search messages name codes, types and parameters, never values (StoreException)
            LOG.info("request refused with {}: {}", mapped.get().getStatusCode(), cause.getMessage());
            return mapped.get();
        }
        if (cause instanceof UnsupportedOperationException) {
            return new NotImplementedOperationException("GW-501: not implemented yet by the storage engine");
        }
        if (cause instanceof DataFormatException) {
            return new InvalidRequestException("GW-REQ-400: the request could not be understood: " + safeMessage(cause));
        }
        if (cause instanceof IllegalArgumentException) {
            // a Java message names internals (enum constants, "For input string"): the code and the type only
            LOG.info("request refused: {} during {} {}", cause.getClass().getName(), request.getRequestType(),
                    request.getRestOperationType());
            return new InvalidRequestException("GW-REQ-400: the request could not be understood");
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("incident {}: unexpected {} during {} {}", incident, cause.getClass().getName(),
                request.getRequestType(), request.getRestOperationType(), withoutMessage(cause));
        return new InternalErrorException("GW-500: internal error, incident " + incident);
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable current = thrown;
        while ((current instanceof InternalErrorException || current instanceof InvocationTargetException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Parser messages name positions and element names, not values; cut them short all the same. */
    private static String safeMessage(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }

    /** A copy of the stack trace without the message text. */
    private static Throwable withoutMessage(Throwable cause) {
        Throwable copy = new Throwable(cause.getClass().getName());
        copy.setStackTrace(cause.getStackTrace());
        return copy;
    }
}
