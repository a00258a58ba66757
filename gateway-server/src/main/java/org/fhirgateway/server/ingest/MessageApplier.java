package org.fhirgateway.server.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.fhirgateway.mappers.MappingException;

/**
 * Maps one stored message and applies it, inside the transaction the worker opened on {@code tx}: everything the
 * applier writes on {@code tx} commits together with the inbox row turning {@code applied}, so a message is applied
 * exactly once even across crashes. The applier never commits or rolls back {@code tx}; the worker does.
 * Declared here by its consumer; the store wiring implements it ({@link StoreApplier}).
 */
public interface MessageApplier {

    /**
     * @return what was written
     * @throws MappingException the message cannot be mapped: the row becomes failed with the mapper's code
     * @throws SQLException storage failed: the transaction is rolled back; a unique-key violation or a transient
     *     conflict is retried in a new transaction (a bounded number of times), anything else fails the row
     * @throws Failed the store refused the bundle: the row becomes failed with its stable code
     */
    Applied apply(Connection tx, InboxMessage message) throws MappingException, SQLException, Failed;

    /**
     * This applier for a transaction that is always rolled back (a reprocessing dry run): one that writes nothing
     * in commits of its own. By default this applier itself.
     */
    default MessageApplier rehearsal() {
        return this;
    }

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

    /** Told once the worker's transaction ended, after its commit or rollback (the store drops cached versions). */
    @FunctionalInterface
    interface Ending {
        Ending NONE = committed -> { };

        void ended(boolean committed);
    }

    /**
     * @param bundleJson the transaction Bundle made from the message (kept for the admin API), or null
     * @param touched the resources written, e.g. {@code Patient/123/_history/2}
     * @param ending called by the worker once {@code tx} was committed or rolled back
     */
    record Applied(String bundleJson, List<String> touched, Ending ending) {
        public Applied(String bundleJson, List<String> touched) {
            this(bundleJson, touched, Ending.NONE);
        }
    }
}
