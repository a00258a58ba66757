package org.fhirgateway.server.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.fhirgateway.mappers.MappingException;

/**
 * Maps one stored message and applies it, inside the transaction the worker opened on {@code tx}: the inbox row
 * turns {@code applied} in the same commit, so a message is applied exactly once even across crashes.
 * Declared here by its consumer; the store wiring implements it.
 */
public interface MessageApplier {

    /**
     * @return what was written
     * @throws MappingException the message cannot be mapped: the row becomes failed with the mapper's code
     * @throws SQLException storage failed: the transaction is rolled back and the row becomes failed
     * @throws Failed the store refused the bundle: the row becomes failed with its stable code
     */
    Applied apply(Connection tx, InboxMessage message) throws MappingException, SQLException, Failed;

    /**
     * @param bundleJson the transaction Bundle made from the message (kept for the admin API), or null
     * @param touched the resources written, e.g. {@code Patient/123/_history/2}
     */
    /** The store refused or failed to apply the message; {@code code} is stable (e.g. STORE_MULTIPLE_MATCHES). */
    final class Failed extends Exception {
        private final String code;

        public Failed(String code, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    record Applied(String bundleJson, List<String> touched) {
    }
}
