package org.fhirgateway.server.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fhirgateway.server.consent.AccessContext;

/**
 * One request to a console page: the signed-in session, the rest of the path after the page's name, the form
 * parameters, and the ways to answer (a template in the shared layout, a redirect, JSON, an error page).
 */
public final class ConsoleExchange {

    /** One entry of the header's navigation. */
    public record NavItem(String href, String title, boolean active) {}

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final ConsoleSession session;
    private final String page;
    private final String subPath;
    private final ConsoleContext context;

    ConsoleExchange(HttpServletRequest request, HttpServletResponse response, ConsoleSession session, String page,
            String subPath, ConsoleContext context) {
        this.request = request;
        this.response = response;
        this.session = session;
        this.page = page;
        this.subPath = subPath;
        this.context = context;
    }

    /** The signed-in session (null only on the sign-in page). */
    public ConsoleSession session() {
        return session;
    }

    /** What every read of this request goes through: the signed-in client's AccessContext. */
    public AccessContext caller() {
        return session.caller();
    }

    /** Whether the signed-in client holds the admin scopes. */
    public boolean admin() {
        return session != null && session.admin();
    }

    /** The path after {@code /console/<name>}: empty, or starting with a slash (e.g. {@code /42}). */
    public String subPath() {
        return subPath;
    }

    /** A query or form parameter, trimmed; null when absent or blank. */
    public String param(String name) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.trim();
    }

    public HttpServletRequest request() {
        return request;
    }

    /** A whole number from the path or a parameter; a clear 400 (not quoting the value) otherwise. */
    public static long whole(String label, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ConsoleException.badInput(label + " must be a whole number.");
        }
    }

    /**
     * Renders {@code template} (under console/templates) with the model and what the layout needs: {@code nav},
     * {@code clientName}, {@code admin}, {@code csrf} (the hidden field of every form), {@code base}.
     */
    public void render(int status, String template, Map<String, Object> model) throws IOException {
        Map<String, Object> all = new HashMap<>(model);
        all.put("nav", nav());
        all.put("base", Console.PATH);
        all.put("signedIn", session != null);
        all.put("clientName", session == null ? null : session.clientName());
        all.put("admin", admin());
        all.put("csrf", session == null ? "" : session.csrf());
        String html = context.templates().render(template, all);
        write(status, "text/html;charset=utf-8", html);
    }

    public void render(String template, Map<String, Object> model) throws IOException {
        render(200, template, model);
    }

    /** 303 to a console path ({@code /messages/42}): after a POST, the browser GETs the result page. */
    public void redirect(String consolePath) throws IOException {
        response.setStatus(303);
        response.setHeader("Location", Console.PATH + consolePath);
    }

    public void json(String body) throws IOException {
        write(200, "application/json;charset=utf-8", body);
    }

    /** The error page for a refused request. */
    public void fail(ConsoleException e) throws IOException {
        Map<String, Object> model = new HashMap<>();
        model.put("status", e.status());
        model.put("code", e.code());
        model.put("message", e.getMessage());
        render(e.status(), "error", model);
    }

    private void write(int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private List<NavItem> nav() {
        if (session == null) {
            return List.of();
        }
        return context.pages().stream().filter(p -> p.navTitle() != null)
                .map(p -> new NavItem(Console.PATH + "/" + p.name(), p.navTitle(), p.name().equals(page))).toList();
    }
}
