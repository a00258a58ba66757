package org.fhirgateway.server.ingest;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Predicate;
import org.fhirgateway.server.consent.AccessContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;

/** What the ingest servlets share: authentication, bounded bodies, FHIR JSON and OperationOutcome replies. */
final class HttpReplies {

    private final FhirContext fhir;
    private final Authenticator authenticator;

    HttpReplies(FhirContext fhir, Authenticator authenticator) {
        this.fhir = fhir;
        this.authenticator = authenticator;
    }

    /** The caller when allowed; otherwise the 401/403 is already written and empty is returned. */
    Optional<AccessContext> authorize(HttpServletRequest req, HttpServletResponse resp, Predicate<AccessContext> allowed)
            throws IOException {
        Optional<AccessContext> caller = authenticator.authenticate(req.getHeader("Authorization"));
        if (caller.isEmpty()) {
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"fhir-gateway\"");
            outcome(resp, 401, OperationOutcome.IssueType.LOGIN, "GW-INGEST-401: a valid bearer token is required");
            return Optional.empty();
        }
        if (!allowed.test(caller.get())) {
            outcome(resp, 403, OperationOutcome.IssueType.FORBIDDEN, "GW-INGEST-403: the token's scopes do not allow this");
            return Optional.empty();
        }
        return caller;
    }

    /** The body, or null (and a 413 written) when it exceeds {@code cap} bytes. */
    byte[] body(HttpServletRequest req, HttpServletResponse resp, int cap) throws IOException {
        try (InputStream in = req.getInputStream()) {
            byte[] body = in.readNBytes(cap + 1);
            if (body.length > cap) {
                outcome(resp, 413, OperationOutcome.IssueType.TOOLONG, "GW-INGEST-413: MESSAGE_TOO_LARGE, over " + cap + " bytes");
                return null;
            }
            return body;
        }
    }

    void resource(HttpServletResponse resp, int status, IBaseResource resource) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/fhir+json;charset=utf-8");
        resp.getOutputStream().write(fhir.newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8));
    }

    void outcome(HttpServletResponse resp, int status, OperationOutcome.IssueType type, String diagnostics)
            throws IOException {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(diagnostics);
        resource(resp, status, outcome);
    }

    static boolean isV2ContentType(String contentType) {
        if (contentType == null) {
            return false;
        }
        String base = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return base.equals("application/hl7-v2") || base.equals("text/plain") || base.equals("x-application/hl7-v2+er7");
    }
}
