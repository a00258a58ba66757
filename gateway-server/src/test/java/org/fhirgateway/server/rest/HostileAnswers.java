package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

/** What every answer to a hostile request must look like: the status, an OperationOutcome with a code, no internals. */
final class HostileAnswers {

    private static final Pattern INTERNALS = Pattern.compile(
            "(?s).*(\\bat (org|ca|java|jakarta)\\.[a-z]|No enum constant|For input string|Exception\\b|java\\.|"
                    + "org\\.fhirgateway|org\\.eclipse|SQLState|ERROR: ).*");

    private HostileAnswers() {
    }

    /** The answer is {@code status} with an OperationOutcome whose diagnostics start with {@code code}. */
    static OperationOutcome assertOutcome(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").contains("fhir+json"),
                "an OperationOutcome in FHIR JSON: " + response.headers().map());
        OperationOutcome outcome = FhirContext.forR4Cached().newJsonParser()
                .parseResource(OperationOutcome.class, response.body());
        String diagnostics = outcome.getIssueFirstRep().getDiagnostics();
        assertTrue(diagnostics != null && diagnostics.startsWith(code), "code " + code + ": " + response.body());
        assertFalse(INTERNALS.matcher(response.body()).matches(), "no Java internals: " + response.body());
        return outcome;
    }

    static Bundle bundle(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, response.body());
    }
}
