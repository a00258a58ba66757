package org.fhirgateway.server.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself (an unknown path, a malformed URI, a header too large, a servlet failure) come back
 * as a FHIR OperationOutcome in JSON, like every other error, never as an HTML page or a stack trace.
 */
final class OperationOutcomeErrorHandler extends ErrorHandler {

    OperationOutcomeErrorHandler() {
        setShowStacks(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) throws IOException {
        String issue = code == 404 ? "not-found" : code >= 500 ? "exception" : "invalid";
        String reason = HttpStatus.getMessage(code);
        String json = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"" + issue
                + "\",\"diagnostics\":\"GW-HTTP-" + code + ": " + reason.replace("\"", "'") + "\"}]}";
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/fhir+json;charset=utf-8");
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
