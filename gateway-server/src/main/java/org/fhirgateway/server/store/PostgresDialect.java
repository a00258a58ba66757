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
    public String insertIgnoringDuplicate(String table, String columns, String keyColumns) {
        int n = columns.split(",").length;
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + H2Dialect.marks(n) + ") ON CONFLICT ("
                + keyColumns + ") DO NOTHING";
    }

    @Override
    public String forUpdateSkipLocked() {
        return " FOR UPDATE SKIP LOCKED";
    }

    @Override
    public boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state) || "55P03".equals(state);
    }
}
