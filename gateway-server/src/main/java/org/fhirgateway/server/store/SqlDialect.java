package org.fhirgateway.server.store;

import java.sql.SQLException;
import java.util.Map;

/**
 * The few places where H2 and PostgreSQL differ, kept in one spot. Everything else in the store is plain SQL that
 * runs unchanged on both.
 */
public interface SqlDialect {

    /** A short name: {@code h2} or {@code postgresql}. */
    String name();

    /** Flyway placeholders used by the migrations (for example {@code binary_type}). */
    Map<String, String> migrationPlaceholders();

    /**
     * Run on every new connection: a commit must be on disk when it returns, whatever the URL or the server's
     * defaults say, because the ingest acknowledges a message once its row is committed.
     */
    String durableCommitsSql();

    /**
     * One statement that inserts a row made only of its key, or, when the key exists, locks that row: either way the
     * transaction holds the row's lock until it ends (waiting for a transaction that holds it now).
     *
     * @param table table name (from code, never from a request)
     * @param keyColumns the unique key, all bound as parameters in this order
     */
    String insertOrLock(String table, String keyColumns);

    /** True when the exception is a unique-key violation (SQLState 23505 on both databases). */
    default boolean isUniqueViolation(SQLException e) {
        for (SQLException c = e; c != null; c = c.getNextException()) {
            if ("23505".equals(c.getSQLState())) {
                return true;
            }
        }
        return e.getCause() instanceof SQLException cause && cause != e && isUniqueViolation(cause);
    }

    /** True for a deadlock, lock timeout or serialization failure: the transaction may simply be retried. */
    boolean isTransient(SQLException e);

    /** The dialect for a JDBC URL. */
    /** The dialect of a JDBC URL (jdbc:h2: or jdbc:postgresql:). */
    public static SqlDialect forJdbcUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2Dialect.INSTANCE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return PostgresDialect.INSTANCE;
        }
        throw new IllegalArgumentException("unsupported JDBC URL: only jdbc:h2: and jdbc:postgresql: are supported");
    }
}
