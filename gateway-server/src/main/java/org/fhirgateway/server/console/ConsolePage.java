package org.fhirgateway.server.console;

/**
 * One page (or family of pages) of the console, answering {@code /console/<name>} and {@code /console/<name>/...}.
 * The framework has already checked the session (every page needs one) and, for a POST, the CSRF token and the
 * origin; the page reads only through the signed-in caller's AccessContext ({@link ConsoleExchange#caller()}).
 * Patient identifiers never travel in a URL: a page that takes them takes them from a POSTed form.
 */
public interface ConsolePage {

    /** The first path segment after /console, e.g. {@code messages}. */
    String name();

    /** The label of the page in the header's navigation, or null to leave it out of the navigation. */
    default String navTitle() {
        return null;
    }

    default void get(ConsoleExchange exchange) throws Exception {
        exchange.fail(ConsoleException.notFound());
    }

    default void post(ConsoleExchange exchange) throws Exception {
        exchange.fail(new ConsoleException(405, "GW-CONSOLE-405", "This address does not take a form."));
    }
}
