package org.fhirgateway.server.auth;

import jakarta.servlet.http.HttpServletRequest;

/** The absolute URLs clients use: from the configured public base URL, else from the request that came in. */
final class EndpointUrls {

    static final String TOKEN_PATH = "/auth/token";

    private final String publicBaseUrl;

    /** @param publicBaseUrl e.g. {@code https://gateway.example.org} (no trailing slash), or null */
    EndpointUrls(String publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
    }

    String tokenEndpoint(HttpServletRequest request) {
        return base(request) + TOKEN_PATH;
    }

    String base(HttpServletRequest request) {
        if (publicBaseUrl != null) {
            return publicBaseUrl;
        }
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port) + request.getContextPath();
    }
}
