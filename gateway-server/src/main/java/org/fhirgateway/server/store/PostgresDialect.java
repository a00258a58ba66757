package org.fhirgateway.server.store;

import java.sql.SQLException;
import java.util.Map;

/** PostgreSQL 12 and later. */
final class PostgresDialect implements SqlDialect {

    static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String durableCommitsSql() {
        return "SET synchronous_commit = on";
    }

    @Override
    public Map<String, String> migrationPlaceholders() {
        return Map.of("binary_type", "BYTEA", "identity_cache", "1");
    }

    @Override
    public String insertOrLock(String table, String keyColumns) {
        // DO UPDATE (unlike DO NOTHING) locks the existing row; the assignment changes nothing
        String[] keys = keyColumns.split(",");
        String first = keys[0].trim();
        return "INSERT INTO " + table + " (" + keyColumns + ") VALUES (" + H2Dialect.marks(keys.length)
                + ") ON CONFLICT (" + keyColumns + ") DO UPDATE SET " + first + " = EXCLUDED." + first;
    }

    @Override
    public boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state) || "55P03".equals(state);
    }
}
