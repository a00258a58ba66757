package org.fhirgateway.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One database transaction in progress: its connection, the writes it defers until its next query or its end, and
 * the cache keys it touched (invalidated again after commit).
 *
 * <p>Write the {@code resource} table through {@link #connection}; query anything else through {@link #query()},
 * which first sends the deferred writes, so the transaction always reads what it wrote.
 */
final class Tx {

    final Connection connection;
    final DeferredWrites deferred;
    final Set<String> touched = new LinkedHashSet<>();
    final LocalReferences references = new LocalReferences();
    /** The resources of the bundle being written, by {@code Type/id} after their references were rewritten. */
    final java.util.Map<String, org.hl7.fhir.r4.model.Resource> bundleResources = new java.util.HashMap<>();
    /** Patients' confidentiality levels looked up or written in this transaction, by Patient id. */
    final java.util.Map<String, org.fhirgateway.server.consent.SecurityLabel> patientLevels = new java.util.HashMap<>();

    /** The new versions subscriptions may have to hear about, written just before the commit. */
    final SubscriptionOutbox outbox = new SubscriptionOutbox();
    private final java.time.Clock clock;

    Tx(Connection connection, StoreParts parts) {
        this.connection = connection;
        this.deferred = new DeferredWrites(parts.dao(), parts.indexWriter());
        this.clock = parts.clock();
    }

    /** The connection, after the deferred writes were sent: for queries of index, version or change rows. */
    Connection query() throws SQLException {
        flush();
        return connection;
    }

    /** Sends the deferred writes. */
    void flush() throws SQLException {
        deferred.flush(connection);
    }

    /**
     * Called just before the commit: sends the deferred writes, checks the local references written, then writes the
     * subscription outbox (last, so that its lane locks are held for the shortest time).
     */
    void beforeCommit() throws SQLException {
        flush();
        references.verify(connection);
        outbox.write(connection, clock.millis());
    }
}
