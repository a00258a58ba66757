package org.fhirgateway.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.fhirgateway.server.consent.AccessContext;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Store writes inside a transaction the caller opened on its own connection, so that they commit together with the
 * caller's own rows (the ingest worker marks its inbox row applied in the same commit). Get one from
 * {@link FhirStore#join(Connection)}, one per caller transaction.
 *
 * <p>Nothing here commits, rolls back or retries: the caller does. A unique-key violation (two conditional creators
 * racing for the same key) or a transient failure reaches the caller as the {@link SQLException}, to roll back the
 * whole transaction and run it again (on PostgreSQL a failed statement leaves the transaction unusable anyway).
 * A refusal (invalid Bundle, multiple matches, access) is a {@link StoreException}, as on the store's own path.
 *
 * <p>After its commit or rollback the caller calls {@link #ended(boolean)}: only then may this node's cache drop
 * the versions the transaction touched (dropped earlier, a concurrent read could cache the version being replaced).
 */
public final class StoreTransaction {

    private final Tx tx;
    private final BundleProcessor bundles;
    private final TransactionRunner runner;

    StoreTransaction(Connection connection, StoreParts parts, BundleProcessor bundles, TransactionRunner runner)
            throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("the caller's connection must be in a transaction (auto-commit off)");
        }
        TransactionRunner.assignTransactionId(connection);
        this.tx = new Tx(connection, parts);
        this.bundles = bundles;
        this.runner = runner;
    }

    /** A transaction Bundle (all or nothing with the caller's transaction); the transaction-response Bundle. */
    public Bundle transaction(AccessContext ctx, Bundle bundle) throws SQLException {
        Bundle response = bundles.transaction(tx, ctx, bundle);
        tx.beforeCommit();
        return response;
    }

    /**
     * The caller's transaction was committed ({@code true}) or rolled back; call once, after it ended. A caller that
     * already knows it will roll back may call {@code ended(false)} before doing so: no other connection can see
     * uncommitted writes, so nothing stale can be cached from them.
     */
    public void ended(boolean committed) {
        runner.ended(tx, committed);
    }
}
