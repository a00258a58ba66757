package org.fhirgateway.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs work in one database transaction; a unique-key violation or a transient failure (deadlock, lock timeout)
 * rolls back and retries the whole work, so concurrent conditional writers end up seeing each other's results.
 */
final class TransactionRunner {

    static final int MAX_ATTEMPTS = 6;

    /** Work done inside the transaction. */
    interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    private final Database database;
    private final ResourceCache cache;
    private final StoreParts parts;
    private final StatisticsRefresher statistics;

    TransactionRunner(Database database, ResourceCache cache, StoreParts parts) {
        this.database = database;
        this.parts = parts;
        this.cache = cache;
        this.statistics = new StatisticsRefresher(database);
    }

    <T> T inTransaction(Work<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                return attemptOnce(work);
            } catch (SQLException e) {
                if (!retryable(e)) {
                    throw new StoreException(StoreError.DATABASE_ERROR, "database failure (SQLState "
                            + e.getSQLState() + ")", e);
                }
                last = e;
                pause(attempt);
            }
        }
        throw new StoreException(StoreError.WRITE_CONFLICT, "concurrent writes kept colliding; retry later", last);
    }

    private <T> T attemptOnce(Work<T> work) throws SQLException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            assignTransactionId(c);
            Tx tx = new Tx(c, parts);
            try {
                T result = work.run(tx);
                tx.beforeCommit();
                c.commit();
                ended(tx, true);
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                ended(tx, false);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * After {@code tx} was committed or rolled back (here, or by the caller of a {@link StoreTransaction}): drops the
     * cached versions it touched, and counts committed writes for the optimizer statistics.
     */
    void ended(Tx tx, boolean committed) {
        cache.invalidate(tx.touched);
        if (committed) {
            statistics.written(tx.touched.size());
        }
    }

    /**
     * Gives the transaction its id before it reads the clock for any {@code last_updated}: then every write stamped
     * before an instant belongs to a transaction that already had an id at that instant, which is what a reader's
     * horizon (export.Horizon: wait until every transaction id below the one taken after the instant has ended)
     * relies on. One round trip per write transaction.
     */
    static void assignTransactionId(Connection c) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("SELECT pg_current_xact_id()");
        }
    }

    private boolean retryable(SQLException e) {
        return SqlErrors.isRetryable(e);
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreError.WRITE_CONFLICT, "interrupted while retrying a write");
        }
    }
}
