package org.fhirgateway.server.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The few JSON bodies the operations endpoints answer with. */
final class JsonReplies {

    static final ObjectMapper JSON = new ObjectMapper();

    private JsonReplies() {
    }

    static void outcome(HttpServletResponse resp, int status, String code, String diagnostics) throws IOException {
        ObjectNode outcome = JSON.createObjectNode().put("resourceType", "OperationOutcome");
        ArrayNode issues = outcome.putArray("issue");
        issues.addObject().put("severity", "error").put("code", code).put("diagnostics", diagnostics);
        write(resp, status, "application/fhir+json;charset=utf-8", outcome);
    }

    static void write(HttpServletResponse resp, int status, String contentType, ObjectNode body) throws IOException {
        resp.setStatus(status);
        resp.setContentType(contentType);
        resp.setHeader("Cache-Control", "no-store");
        JSON.writeValue(resp.getOutputStream(), body);
    }
}
