package org.fhirgateway.server.console;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * In front of everything under /console: the security headers on every answer, the session from the
 * {@code GW_CONSOLE} cookie, and the CSRF defence of every POST: the request must not come from another site
 * ({@code Origin} and {@code Sec-Fetch-Site}, when the browser sends them) and, once signed in, must carry the
 * session's token in the {@code csrf} field. A refused POST gets a 403 page and does nothing.
 */
final class ConsoleFilter implements Filter {

    static final String COOKIE = "GW_CONSOLE";
    static final String SESSION_ATTRIBUTE = ConsoleFilter.class.getName() + ".session";
    static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    private final ConsoleContext context;

    ConsoleFilter(ConsoleContext context) {
        this.context = context;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) resp;
        secure(response);
        Optional<ConsoleSession> session = context.sessions().find(cookie(request));
        session.ifPresent(s -> request.setAttribute(SESSION_ATTRIBUTE, s));
        if ("POST".equals(request.getMethod())) {
            String refusal = refusal(request, session.orElse(null));
            if (refusal != null) {
                new ConsoleExchange(request, response, session.orElse(null), "", "", context)
                        .fail(new ConsoleException(403, "GW-CONSOLE-403", refusal));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** Why a POST is refused, or null when it may go on. */
    private static String refusal(HttpServletRequest request, ConsoleSession session) {
        if (!sameOrigin(request)) {
            return "This form was sent from another site, so nothing was done.";
        }
        boolean signingIn = (Console.PATH + "/" + ConsoleServlet.SIGN_IN).equals(request.getRequestURI());
        if (signingIn) {
            return null; // no session yet: the origin checks above are the defence against login CSRF
        }
        if (session == null) {
            return "Your session has ended; sign in again. Nothing was done.";
        }
        if (!ConsoleSessions.sameToken(session.csrf(), request.getParameter("csrf"))) {
            return "This form is out of date or was not sent by the console, so nothing was done. Reload the page.";
        }
        return null;
    }

    /**
     * False when the browser says the request comes from another site or origin. Chrome sends
     * {@code Sec-Fetch-Site}; under {@code Referrer-Policy: no-referrer} it sends {@code Origin: null} on a form POST,
     * so an opaque origin is accepted only together with {@code Sec-Fetch-Site: same-origin}.
     */
    static boolean sameOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin")) {
            return false;
        }
        String origin = request.getHeader("Origin");
        if (origin == null || origin.equals("null")) {
            return origin == null || site != null; // no Origin at all: a non-browser client, the CSRF token applies
        }
        String host = request.getHeader("Host");
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && authority != null && authority.toLowerCase(Locale.ROOT)
                    .equals(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private static void secure(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    }
}
