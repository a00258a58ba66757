package org.fhirgateway.server.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * The absolute URLs clients use: from the configured public base URL, else from the request that came in (for
 * discovery only). The audience a SMART assertion must name is never taken from the request's Host header.
 */
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

    /**
     * The token endpoint URLs a client assertion may name as {@code aud}: the configured public URL; without one,
     * and only for a connection that arrived on a loopback address, the local URLs of the port it arrived on
     * ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}). A caller-chosen Host header never widens this set, so
     * an assertion made for another server cannot be replayed here.
     */
    Set<String> acceptedAudiences(HttpServletRequest request) {
        if (publicBaseUrl != null) {
            return Set.of(publicBaseUrl + TOKEN_PATH);
        }
        if (!isLoopback(request.getLocalAddr())) {
            return Set.of();
        }
        String port = ":" + request.getLocalPort();
        String path = request.getContextPath() + TOKEN_PATH;
        String scheme = request.isSecure() ? "https://" : "http://";
        return Set.of(scheme + "localhost" + port + path, scheme + "127.0.0.1" + port + path,
                scheme + "[::1]" + port + path);
    }

    private static boolean isLoopback(String address) {
        try {
            // a literal address from the socket: no name lookup happens
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
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
