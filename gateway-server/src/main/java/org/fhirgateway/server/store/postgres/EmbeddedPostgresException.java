package org.fhirgateway.server.store.postgres;

/**
 * The embedded PostgreSQL server could not be set up, started or stopped. The message is one line an operator can
 * act on (what failed, where, and what to do); it never holds patient data.
 */
public class EmbeddedPostgresException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    EmbeddedPostgresException(String message) {
        super(message);
    }

    EmbeddedPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
