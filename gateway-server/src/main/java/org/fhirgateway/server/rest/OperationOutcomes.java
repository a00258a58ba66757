package org.fhirgateway.server.rest;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** Builds and writes OperationOutcomes for answers given outside HAPI's own error handling. */
final class OperationOutcomes {

    private OperationOutcomes() {}

    static OperationOutcome error(String issueCode, String diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(IssueType.fromCode(issueCode)).setDiagnostics(diagnostics);
        return outcome;
    }

    static OperationOutcome information(String diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(IssueSeverity.INFORMATION).setCode(IssueType.INFORMATIONAL)
                .setDiagnostics(diagnostics);
        return outcome;
    }

    static void writeError(HttpServletResponse response, int status, String issueCode, String diagnostics) throws IOException {
        String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(error(issueCode, diagnostics));
        response.setStatus(status);
        response.setContentType("application/fhir+json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }
}
