package org.fhirgateway.server.ops;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.fhirgateway.server.ingest.RequestIds;
import org.slf4j.MDC;

/**
 * Every HTTP request runs under a request id: the caller's {@code X-Request-Id} when it is 1 to 64 of
 * {@code [A-Za-z0-9._-]} (anything else could smuggle text into the logs, so it is replaced), else a fresh one.
 * It is echoed in the response's {@code X-Request-Id}, kept in the MDC for the request's log lines, and carried
 * by the ingest to the worker that applies a message received on this request.
 */
final class RequestIdFilter implements Filter {

    static final String HEADER = "X-Request-Id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String given = ((HttpServletRequest) request).getHeader(HEADER);
        String id = given != null && SAFE.matcher(given).matches() ? given : RequestIds.fresh();
        ((HttpServletResponse) response).setHeader(HEADER, id);
        MDC.put(RequestIds.MDC_KEY, id);
        try {
            // HAPI's RestfulServer reads X-Request-ID (the same header) and would make up its own when it is absent
            chain.doFilter(new WithRequestId((HttpServletRequest) request, id), response);
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    /** The request as the servlets see it: its X-Request-Id is the one this filter chose. */
    private static final class WithRequestId extends HttpServletRequestWrapper {
        private final String id;

        WithRequestId(HttpServletRequest request, String id) {
            super(request);
            this.id = id;
        }

        @Override
        public String getHeader(String name) {
            return HEADER.equalsIgnoreCase(name) ? id : super.getHeader(name);
        }

        @Override
        public java.util.Enumeration<String> getHeaders(String name) {
            return HEADER.equalsIgnoreCase(name) ? java.util.Collections.enumeration(java.util.List.of(id))
                    : super.getHeaders(name);
        }
    }
}
