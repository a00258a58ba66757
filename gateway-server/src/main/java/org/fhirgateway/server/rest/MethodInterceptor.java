package org.fhirgateway.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;

/** HTTP methods the FHIR endpoint does not implement (PATCH, TRACE, ...) are 405 with an {@code Allow} header. */
public final class MethodInterceptor {

    static final Set<String> ALLOWED = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS");

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean check(HttpServletRequest request) {
        if (!ALLOWED.contains(request.getMethod())) {
            MethodNotAllowedException refused = new MethodNotAllowedException("GW-HTTP-405: " + request.getMethod()
                    + " is not supported; the interactions offered are listed in /metadata");
            refused.addResponseHeader("Allow", "GET, HEAD, POST, PUT, DELETE");
            throw refused;
        }
        return true;
    }
}
