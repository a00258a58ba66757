package org.fhirgateway.server.console;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.util.List;

/**
 * The console package's public face: the web console for the people who run the feeds and release the records,
 * served at {@value #PATH} by one servlet behind one filter (session and CSRF). The application mounts both on
 * {@code /console/*} and hands in the pages, in the order of the header's navigation; the first is the home page.
 * <pre>
 *   Console console = new Console(token -> auth.authenticate("Bearer " + token), List.of(messagesPage, ...));
 *   context.addFilter(new FilterHolder(console.filter()), "/console/*", requests);
 *   context.addServlet(new ServletHolder(console.servlet()), "/console/*");
 * </pre>
 */
public final class Console {

    public static final String PATH = "/console";

    private final ConsoleContext context;

    public Console(SignIn signIn, List<ConsolePage> pages) {
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("the console needs at least one page");
        }
        this.context = new ConsoleContext(new Templates(), new ConsoleSessions(Clock.systemUTC(),
                ConsoleSessions.IDLE_TIMEOUT), pages, signIn);
    }

    public Filter filter() {
        return new ConsoleFilter(context);
    }

    public HttpServlet servlet() {
        return new ConsoleServlet(context);
    }
}
