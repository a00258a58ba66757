package org.fhirgateway.server.ingest;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * Real databases for ingest tests until the store's TestDatabases is on this branch: H2 (file, in a temp dir)
 * and PostgreSQL (GATEWAY_TEST_PG_URL, else the local server at 127.0.0.1:5432/test), each in a fresh schema,
 * migrated with Flyway from classpath:db/migration. Also creates the RecordingApplier's table.
 */
final class IngestDatabases {

    enum Kind { H2, POSTGRES }

    private IngestDatabases() {
    }

    static String url(Kind kind, String name) {
        return switch (kind) {
            case H2 -> "jdbc:h2:file:" + System.getProperty("java.io.tmpdir") + "/ingest-test/" + name
                    + ";WRITE_DELAY=0";
            case POSTGRES -> pgBase() + (pgBase().contains("?") ? "&" : "?") + "currentSchema=" + name;
        };
    }

    static String pgBase() {
        String url = System.getenv("GATEWAY_TEST_PG_URL");
        return url != null ? url : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    }

    /** A new, migrated database (H2) or schema (PostgreSQL). */
    static HikariDataSource fresh(Kind kind) throws SQLException {
        String name = "ingest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (kind == Kind.POSTGRES) {
            try (Connection c = DriverManager.getConnection(pgBase()); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + name);
            }
        }
        return open(url(kind, name), 16);
    }

    static HikariDataSource open(String url, int poolSize) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(poolSize);
        HikariDataSource ds = new HikariDataSource(config);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(RecordingApplier.DDL);
            s.execute(RecordingApplier.POISON_DDL);
        }
        return ds;
    }
}
