package org.fhirgateway.server.console;

/**
 * A request the console refuses, shown as an error page with an HTTP status and a stable code
 * ({@code GW-CONSOLE-NNN}); the message is written for the user and never quotes the input or a Java message.
 */
public final class ConsoleException extends RuntimeException {

    private final int status;
    private final String code;

    public ConsoleException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static ConsoleException notFound() {
        return new ConsoleException(404, "GW-CONSOLE-404", "There is no such page, or nothing here you may see.");
    }

    public static ConsoleException badInput(String message) {
        return new ConsoleException(400, "GW-CONSOLE-400", message);
    }

    public static ConsoleException forbidden(String message) {
        return new ConsoleException(403, "GW-CONSOLE-403", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
