package org.fhirgateway.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;

/**
 * HTTP methods the FHIR endpoint does not implement (PATCH, TRACE, ...) are 405 with an {@code Allow} header.
 * {@code OPTIONS} on the base is the CapabilityStatement (HAPI's answer, as FHIR servers commonly give it);
 * {@code OPTIONS} on any other path is 204 with the {@code Allow} header (it reveals nothing but the methods).
 */
public final class MethodInterceptor {

    static final Set<String> ALLOWED = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS");
    static final String ALLOW = "GET, HEAD, POST, PUT, DELETE, OPTIONS";

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean check(HttpServletRequest request, HttpServletResponse response) {
        if (!ALLOWED.contains(request.getMethod())) {
            MethodNotAllowedException refused = new MethodNotAllowedException("GW-HTTP-405: " + request.getMethod()
                    + " is not supported; the interactions offered are listed in /metadata");
            refused.addResponseHeader("Allow", ALLOW);
            throw refused;
        }
        if ("OPTIONS".equals(request.getMethod()) && !isBase(request)) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            response.setHeader("Allow", ALLOW);
            return false;
        }
        return true;
    }

    private static boolean isBase(HttpServletRequest request) {
        String path = request.getPathInfo();
        return path == null || path.isEmpty() || "/".equals(path) || "/metadata".equals(path);
    }
}
