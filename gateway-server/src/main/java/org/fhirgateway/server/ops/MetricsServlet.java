package org.fhirgateway.server.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.fhirgateway.server.ingest.AddressRange;

/**
 * {@code GET /metrics}: the Prometheus text format, to addresses of {@code metricsAllowedFrom} only (default
 * loopback); anyone else gets 403 with an OperationOutcome {@code GW-OPS-403}. No authentication: the scraper is
 * trusted by address, and nothing here is patient data.
 */
final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String PATH = "/metrics";

    private final transient PrometheusMeterRegistry registry;
    private final transient List<AddressRange> allowed;

    MetricsServlet(PrometheusMeterRegistry registry, List<AddressRange> allowed) {
        this.registry = registry;
        this.allowed = List.copyOf(allowed);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!allowed(req.getRemoteAddr())) {
            JsonReplies.outcome(resp, 403, "forbidden", "GW-OPS-403: /metrics is not served to this address "
                    + "(metricsAllowedFrom)");
            return;
        }
        resp.setStatus(200);
        resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
        resp.getOutputStream().write(registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    private boolean allowed(String remote) {
        InetAddress address;
        try {
            address = InetAddress.getByName(remote); // the container's literal address: no lookup
        } catch (java.net.UnknownHostException e) {
            return false;
        }
        return allowed.stream().anyMatch(range -> range.contains(address));
    }
}
