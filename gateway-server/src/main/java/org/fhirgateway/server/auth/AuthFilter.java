package org.fhirgateway.server.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.fhirgateway.server.consent.AccessContext;

/**
 * Guards the FHIR endpoint (mapped to {@code /fhir/*}): {@code GET metadata}, the SMART configuration and OPTIONS are public; every other request
 * needs a valid bearer token (else 401 with {@code WWW-Authenticate: Bearer}). The caller's AccessContext is
 * left on the request under {@link #ACCESS_CONTEXT} for the REST layer.
 */
final class AuthFilter extends HttpFilter {

    static final String ACCESS_CONTEXT = AccessContext.class.getName();
    /** The request header by which a client asks for another purpose of use than its own (break-the-glass). */
    static final String PURPOSE_HEADER = "X-Purpose-Of-Use";
    private static final Set<String> PUBLIC_PATHS = Set.of("/fhir/metadata", "/fhir/.well-known/smart-configuration");

    private final BearerAuthenticator authenticator;

    AuthFilter(BearerAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (isPublic(request)) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader("Authorization");
        Optional<AccessContext> caller = authenticator.authenticate(header);
        if (caller.isEmpty()) {
            refuse(response, header != null);
            return;
        }
        String purpose = request.getHeader(PURPOSE_HEADER);
        AccessContext context = caller.get();
        if (purpose != null && !purpose.equals(context.purposeOfUse())) {
            if (!AccessContext.EMERGENCY.equals(purpose) || !context.policy().breakTheGlass()) {
                JsonResponses.write(response, 403, "application/fhir+json", JsonResponses.operationOutcome("forbidden",
                        "GW-CONSENT-001: this client may not ask for purpose of use " + safe(purpose)
                                + " (only its own, or ETREAT where its release policy allows break-the-glass)"));
                return;
            }
            context = context.breakingGlass();
        }
        request.setAttribute(ACCESS_CONTEXT, context);
        chain.doFilter(request, response);
    }

    /** A purpose code echoed back: letters only, short. */
    private static String safe(String purpose) {
        return purpose.matches("[A-Za-z]{1,16}") ? purpose : "(not a purpose code)";
    }

    /** OPTIONS is public everywhere: it answers the CapabilityStatement or the allowed methods, no data. */
    private static boolean isPublic(HttpServletRequest request) {
        if ("OPTIONS".equals(request.getMethod())) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        return read && PUBLIC_PATHS.contains(path);
    }

    private static void refuse(HttpServletResponse response, boolean tokenGiven) throws IOException {
        String challenge = tokenGiven
                ? "Bearer realm=\"fhir-gateway\", error=\"invalid_token\", error_description=\"token unknown, altered or expired\""
                : "Bearer realm=\"fhir-gateway\"";
        response.setHeader("WWW-Authenticate", challenge);
        String diagnostics = tokenGiven ? "GW-AUTH-401: the bearer token is not valid"
                : "GW-AUTH-401: a bearer token is required (Authorization: Bearer <token>)";
        JsonResponses.write(response, 401, "application/fhir+json", JsonResponses.operationOutcome("login", diagnostics));
    }
}
