package org.fhirgateway.server.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * {@code gateway_search_latency_seconds} by resource type and status class: times each FHIR type-level search
 * ({@code GET /fhir/Type?...} and {@code POST /fhir/Type/_search}) as the client sees it, from outside the search
 * package (which imports no metrics library). The type label is one of the served types or {@code other}.
 */
final class SearchTimingFilter implements Filter {

    private final MeterRegistry registry;
    private final String fhirPath;
    private final Set<String> types;

    SearchTimingFilter(MeterRegistry registry, String fhirPath, Set<String> types) {
        this.registry = registry;
        this.fhirPath = fhirPath;
        this.types = Set.copyOf(types);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String type = searchedType((HttpServletRequest) request);
        if (type == null) {
            chain.doFilter(request, response);
            return;
        }
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            int status = ((HttpServletResponse) response).getStatus();
            Timer.builder("gateway.search.latency").description("FHIR type-level searches")
                    .tag("type", LabelValues.resourceType(type, types)).tag("status", (status / 100) + "xx")
                    .publishPercentileHistogram().register(registry)
                    .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** The type of a type-level search, or null for any other request. */
    private String searchedType(HttpServletRequest req) {
        String uri = req.getRequestURI();
        if (!uri.startsWith(fhirPath + "/")) {
            return null;
        }
        String[] parts = uri.substring(fhirPath.length() + 1).split("/", -1);
        boolean get = "GET".equals(req.getMethod()) && parts.length == 1;
        boolean post = "POST".equals(req.getMethod()) && parts.length == 2 && "_search".equals(parts[1]);
        return (get || post) && !parts[0].isEmpty() && Character.isUpperCase(parts[0].charAt(0)) ? parts[0] : null;
    }
}
