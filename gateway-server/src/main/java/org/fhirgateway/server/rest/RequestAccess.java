package org.fhirgateway.server.rest;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.fhirgateway.server.auth.GatewayAuth;
import org.fhirgateway.server.consent.AccessContext;

/** The authenticated caller of a request, and the scope checks made against it (403 with a stable code). */
final class RequestAccess {

    private RequestAccess() {}

    static AccessContext of(RequestDetails request) {
        if (request instanceof ServletRequestDetails servlet
                && servlet.getServletRequest().getAttribute(GatewayAuth.ACCESS_CONTEXT_ATTRIBUTE) instanceof AccessContext context) {
            return context;
        }
        throw new AuthenticationException("GW-AUTH-401: a bearer token is required");
    }

    /** The caller, when the request was authenticated (public paths such as {@code metadata} are not). */
    static java.util.Optional<AccessContext> find(RequestDetails request) {
        if (request instanceof ServletRequestDetails servlet
                && servlet.getServletRequest().getAttribute(GatewayAuth.ACCESS_CONTEXT_ATTRIBUTE) instanceof AccessContext context) {
            return java.util.Optional.of(context);
        }
        return java.util.Optional.empty();
    }

    static AccessContext requireRead(RequestDetails request, String resourceType) {
        AccessContext context = of(request);
        if (!context.canRead(resourceType)) {
            throw forbidden(context, "read", resourceType);
        }
        return context;
    }

    static AccessContext requireWrite(RequestDetails request, String resourceType) {
        AccessContext context = of(request);
        if (!context.canWrite(resourceType)) {
            throw forbidden(context, "write", resourceType);
        }
        return context;
    }

    static ForbiddenOperationException forbidden(AccessContext context, String access, String resourceType) {
        String message = "GW-AUTH-403: client '" + context.clientName() + "' lacks scope system/" + resourceType + "." + access;
        return new ForbiddenOperationException(message, OperationOutcomes.error("forbidden", message));
    }
}
