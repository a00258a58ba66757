package org.fhirgateway.server.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /health/live}: 200 while the process serves HTTP. {@code GET /health/ready}: 200 when every
 * {@link ReadinessChecks} check passes, else 503; the body names each check either way:
 * {@code {"status":"down","checks":{"database":{"ok":false,"detail":"..."},...}}}. No authentication, no data.
 */
final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";

    private final transient ReadinessChecks checks;

    HealthServlet(ReadinessChecks checks) {
        this.checks = checks;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getServletPath();
        ObjectNode body = JsonReplies.JSON.createObjectNode();
        if (LIVE.equals(path)) {
            body.put("status", "up");
            JsonReplies.write(resp, 200, "application/json", body);
            return;
        }
        List<ReadinessChecks.Result> results = checks.run();
        boolean ready = results.stream().allMatch(ReadinessChecks.Result::ok);
        body.put("status", ready ? "up" : "down");
        ObjectNode each = body.putObject("checks");
        for (ReadinessChecks.Result result : results) {
            each.putObject(result.name()).put("ok", result.ok()).put("detail", result.detail());
        }
        JsonReplies.write(resp, ready ? 200 : 503, "application/json", body);
    }
}
