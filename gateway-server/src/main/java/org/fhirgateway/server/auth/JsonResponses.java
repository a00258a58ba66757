package org.fhirgateway.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes the small JSON answers of the auth endpoints (never with a token in a log). */
final class JsonResponses {

    static final ObjectMapper JSON = new ObjectMapper();

    private JsonResponses() {}

    static void write(HttpServletResponse response, int status, String contentType, ObjectNode body) throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

    /** A FHIR OperationOutcome with one error issue. */
    static ObjectNode operationOutcome(String issueCode, String diagnostics) {
        ObjectNode outcome = JSON.createObjectNode().put("resourceType", "OperationOutcome");
        outcome.putArray("issue").addObject().put("severity", "error").put("code", issueCode).put("diagnostics", diagnostics);
        return outcome;
    }
}
