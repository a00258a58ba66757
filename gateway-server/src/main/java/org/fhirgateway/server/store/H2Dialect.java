package org.fhirgateway.server.store;

import java.sql.SQLException;
import java.util.Map;

/** H2 2.x (run in PostgreSQL compatibility mode). */
final class H2Dialect implements SqlDialect {

    static final H2Dialect INSTANCE = new H2Dialect();

    private H2Dialect() {
    }

    @Override
    public String name() {
        return "h2";
    }

    /** H2 otherwise writes commits up to 500 ms later: CrashTest lost acknowledged messages without this. */
    @Override
    public String durableCommitsSql() {
        return "SET WRITE_DELAY 0";
    }

    @Override
    public Map<String, String> migrationPlaceholders() {
        return Map.of("binary_type", "VARBINARY(1000000000)", "identity_cache", "10000");
    }

    @Override
    public String insertOrLock(String table, String keyColumns) {
        // MERGE updates an existing row (to the same values), which locks it like any update
        int n = keyColumns.split(",").length;
        return "MERGE INTO " + table + " (" + keyColumns + ") KEY (" + keyColumns + ") VALUES (" + marks(n) + ")";
    }

    @Override
    public boolean isTransient(SQLException e) {
        // 40001 deadlock, HYT00 lock timeout, 90131 concurrent update
        String state = e.getSQLState();
        return "40001".equals(state) || "HYT00".equals(state) || e.getErrorCode() == 90131;
    }

    static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
