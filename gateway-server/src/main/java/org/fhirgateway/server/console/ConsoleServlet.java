package org.fhirgateway.server.console;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.fhirgateway.server.consent.AccessContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console at /console: sign-in and sign-out, the static files, and each page by the first segment of its path.
 * Every page needs a session (a GET without one goes to the sign-in form); the filter in front has already
 * refused any POST from another site or without the session's CSRF token.
 */
final class ConsoleServlet extends HttpServlet {

    static final String SIGN_IN = "sign-in";
    static final String SIGN_OUT = "sign-out";
    private static final String STATIC = "static";
    private static final int MAX_TOKEN_CHARS = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServlet.class);

    private final transient ConsoleContext context;
    private final transient StaticFiles statics = new StaticFiles();

    ConsoleServlet(ConsoleContext context) {
        this.context = context;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp, false);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp, true);
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp, boolean post) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String[] parts = path.substring(1).split("/", 2);
        String name = parts[0];
        String rest = parts.length > 1 ? "/" + parts[1] : "";
        ConsoleSession session = (ConsoleSession) req.getAttribute(ConsoleFilter.SESSION_ATTRIBUTE);
        ConsoleExchange exchange = new ConsoleExchange(req, resp, session, name, rest, context);
        try {
            if (name.equals(STATIC) && !post) {
                statics.serve(rest, resp);
            } else if (name.equals(SIGN_IN)) {
                signIn(exchange, resp, post);
            } else if (name.equals(SIGN_OUT) && post) {
                signOut(exchange, resp);
            } else if (session == null) {
                exchange.redirect("/" + SIGN_IN);
            } else if (name.isEmpty()) {
                exchange.redirect(home());
            } else {
                Optional<ConsolePage> page = context.pages().stream().filter(p -> p.name().equals(name)).findFirst();
                if (page.isEmpty()) {
                    exchange.fail(ConsoleException.notFound());
                } else if (post) {
                    page.get().post(exchange);
                } else {
                    page.get().get(exchange);
                }
            }
        } catch (ConsoleException e) {
            exchange.fail(e);
        } catch (Exception e) {
            LOG.error("console page {} failed", name, e);
            if (!resp.isCommitted()) {
                resp.reset();
                exchange.fail(new ConsoleException(500, "GW-CONSOLE-500",
                        "The gateway could not answer this page; the error is in its log. Try again later."));
            }
        }
    }

    private void signIn(ConsoleExchange exchange, HttpServletResponse resp, boolean post) throws IOException {
        if (!post) {
            if (exchange.session() != null) {
                exchange.redirect(home());
            } else {
                exchange.render(SIGN_IN, Map.of());
            }
            return;
        }
        String token = exchange.request().getParameter("token");
        Optional<AccessContext> caller = token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS
                ? Optional.empty() : context.signIn().authenticate(token.trim());
        if (caller.isEmpty()) {
            LOG.info("console sign-in refused: unknown token");
            exchange.render(401, SIGN_IN, Map.of("error", "GW-CONSOLE-401: that token belongs to no configured client."));
            return;
        }
        if (exchange.session() != null) {
            context.sessions().close(exchange.session().id());
        }
        ConsoleSession session = context.sessions().open(caller.get());
        LOG.info("console sign-in: client {}", session.clientName());
        resp.addHeader("Set-Cookie", sessionCookie(session.id(), ""));
        exchange.redirect(home());
    }

    private void signOut(ConsoleExchange exchange, HttpServletResponse resp) throws IOException {
        if (exchange.session() != null) {
            context.sessions().close(exchange.session().id());
            LOG.info("console sign-out: client {}", exchange.session().clientName());
        }
        resp.addHeader("Set-Cookie", sessionCookie("", "; Max-Age=0"));
        exchange.redirect("/" + SIGN_IN);
    }

    /** The first page of the navigation: where a signed-in user lands. */
    private String home() {
        return "/" + context.pages().get(0).name();
    }

    /** The session cookie's one set of attributes, for signing in and (expired at once) signing out. */
    private static String sessionCookie(String value, String expiry) {
        return ConsoleFilter.COOKIE + "=" + value + "; Path=" + Console.PATH + expiry
                + "; HttpOnly; Secure; SameSite=Strict";
    }
}
