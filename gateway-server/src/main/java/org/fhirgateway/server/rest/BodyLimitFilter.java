package org.fhirgateway.server.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Refuses request bodies above the configured size with 413 and an OperationOutcome, whether the size is
 * announced (Content-Length) or only discovered while reading (chunked). Bodies within the limit are read
 * here once and handed on from memory, so the FHIR layer never meets a half-read stream. Form bodies (POST
 * _search, the token endpoint) are parsed by Jetty, which applies its own form size limit. Compressed bodies are
 * refused (415), so the limit cannot be sidestepped by a small gzip that inflates to gigabytes. A JSON body with a
 * number out of range is refused (400, GW-REQ-006) before HAPI's parser expands it ({@link JsonNumbers}).
 */
final class BodyLimitFilter extends HttpFilter {

    private final long maxBytes;

    BodyLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getContentLengthLong() > maxBytes) {
            tooLarge(response);
            return;
        }
        String encoding = request.getHeader("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.trim())) {
            OperationOutcomes.writeError(response, 415, "not-supported",
                    "GW-HTTP-415: Content-Encoding '" + encoding + "' is not accepted; send the body uncompressed");
            return;
        }
        if (!mayHaveBody(request)) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = readAtMost(request.getInputStream(), maxBytes);
        if (body == null) {
            tooLarge(response);
            return;
        }
        if (JsonNumbers.outOfRange(body)) {
            OperationOutcomes.writeError(response, 400, "invalid", "GW-REQ-006: a number in the body is out of range"
                    + " (at most " + org.fhirgateway.server.store.DecimalBounds.MAX_DIGITS
                    + " digits before and after the point)");
            return;
        }
        chain.doFilter(new BufferedRequest(request, body), response);
    }

    /** Forms are left to the container (it parses them itself, within its own form size limit). */
    private static boolean mayHaveBody(HttpServletRequest request) {
        String method = request.getMethod();
        String type = String.valueOf(request.getContentType()).toLowerCase(Locale.ROOT);
        boolean form = type.startsWith("application/x-www-form-urlencoded");
        return !form && ("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method));
    }

    /** The whole body, or null when it is longer than {@code max}. */
    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > max) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        response.setHeader("Connection", "close");
        OperationOutcomes.writeError(response, 413, "too-costly",
                "GW-HTTP-413: the request body is larger than the limit of " + maxBytes + " bytes");
    }

    /** The request with its body already in memory. */
    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
