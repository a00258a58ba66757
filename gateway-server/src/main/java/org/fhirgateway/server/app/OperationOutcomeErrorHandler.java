package org.fhirgateway.server.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself (an unknown path, a malformed URI, a header too large, a servlet failure) come back
 * as a FHIR OperationOutcome in JSON, like every other error, never as an HTML page or a stack trace. Also the
 * refusals Jetty makes before any servlet runs (an ambiguous or encoded path such as {@code %2e%2e%2f} or {@code %00},
 * a URI or header too long): those reach this handler as the server's error handler, whatever the client accepts.
 * The code is {@code GW-HTTP-<status>}; Jetty's own message is not passed on.
 */
final class OperationOutcomeErrorHandler extends ErrorHandler {

    OperationOutcomeErrorHandler() {
        setShowStacks(false);
        setShowMessageInTitle(false);
    }

    /** Jetty asks this with the types the client accepts; the answer is an OperationOutcome in any case. */
    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
            String contentType, List<Charset> charsets, int code, String message, Throwable cause) throws IOException {
        generateResponse(request, response, code, message, cause, callback);
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) throws IOException {
        writeOutcome(response, code, callback);
    }

    /**
     * The server's error handler: Jetty's refusals before any context (a bad request line, an ambiguous or encoded
     * path, a URI or header too long). The servlet flavour above only answers requests inside the servlet context
     * and writes nothing for these, so they get this core one, with the same body.
     */
    static final class BeforeContext extends org.eclipse.jetty.server.handler.ErrorHandler {

        BeforeContext() {
            setShowStacks(false);
            setShowMessageInTitle(false);
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                Callback callback) throws IOException {
            writeOutcome(response, code, callback);
        }
    }

    private static void writeOutcome(Response response, int code, Callback callback) {
        String issue = code == 404 ? "not-found" : code >= 500 ? "exception" : "invalid";
        String reason = HttpStatus.getMessage(code);
        String json = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"" + issue
                + "\",\"diagnostics\":\"GW-HTTP-" + code + ": " + reason.replace("\"", "'") + "\"}]}";
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/fhir+json;charset=utf-8");
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
