package org.fhirgateway.server.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.fhirgateway.server.store.Database;

/**
 * Fresh, migrated databases for tests, on H2 and on PostgreSQL.
 *
 * <ul>
 *   <li>H2: a private in-memory database per call.</li>
 *   <li>PostgreSQL: the server named by the environment variable {@code GATEWAY_TEST_PG_URL}
 *       (e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=root}) if set, otherwise an embedded PostgreSQL
 *       (io.zonky) started once per JVM. Each call gets its own new schema, so test classes never see each other's
 *       rows. If PostgreSQL cannot be reached or started the call FAILS: PostgreSQL tests are never skipped.</li>
 * </ul>
 *
 * Typical use, every test running on both databases:
 * <pre>{@code
 * static final TestDatabases.PerClass DBS = new TestDatabases.PerClass();
 * @AfterAll static void close() { DBS.close(); }
 * @ParameterizedTest @EnumSource(TestDatabases.Kind.class)
 * void works(TestDatabases.Kind kind) { Database db = DBS.get(kind); ... }
 * }</pre>
 */
public final class TestDatabases {

    /** The two databases every storage test runs on. */
    public enum Kind { H2, POSTGRESQL }

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Map<Database, String> SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();
    private static volatile String postgresBaseUrl;
    private static EmbeddedPostgres embedded;

    private TestDatabases() {
    }

    /** A fresh migrated database of the given kind; close it when done. */
    public static Database open(Kind kind) {
        return kind == Kind.H2 ? h2() : postgres();
    }

    /** A fresh in-memory H2 database (PostgreSQL mode, like production H2 files). */
    public static Database h2() {
        return Database.open(Database.h2MemoryUrl("test" + COUNTER.incrementAndGet() + "_" + ProcessHandle.current().pid()));
    }

    /** A fresh PostgreSQL schema on the shared server, migrated. */
    public static Database postgres() {
        String base = postgresBaseUrl();
        String schema = "gw_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema on PostgreSQL at " + redact(base), e);
        }
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Database db = Database.open(new Database.Settings(url, null, null, 8));
        SCHEMAS.put(db, schema);
        return db;
    }

    /** Closes a database from this class; a PostgreSQL test schema is dropped, so shared servers stay clean. */
    public static void closeAndDrop(Database db) {
        db.close();
        String schema = SCHEMAS.remove(db);
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(postgresBaseUrl()); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop test schema " + schema, e);
            }
        }
    }

    /** The JDBC URL (with credentials) of the PostgreSQL server used by tests; starts the embedded one if needed. */
    public static synchronized String postgresBaseUrl() {
        if (postgresBaseUrl != null) {
            return postgresBaseUrl;
        }
        String fromEnv = System.getenv("GATEWAY_TEST_PG_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            postgresBaseUrl = fromEnv;
            return postgresBaseUrl;
        }
        try {
            embedded = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL did not start (set GATEWAY_TEST_PG_URL to use a "
                    + "running server instead)", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::stopEmbedded, "embedded-pg-stop"));
        postgresBaseUrl = embedded.getJdbcUrl("postgres", "postgres");
        return postgresBaseUrl;
    }

    private static void stopEmbedded() {
        try {
            embedded.close();
        } catch (IOException e) {
            // the JVM is exiting; nothing more to do
        }
    }

    private static String redact(String url) {
        return url.replaceAll("password=[^&]*", "password=***");
    }

    /** Lazily opened databases, one per kind, for the tests of one class. */
    public static final class PerClass implements AutoCloseable {

        private final Map<Kind, Database> databases = new EnumMap<>(Kind.class);

        public synchronized Database get(Kind kind) {
            return databases.computeIfAbsent(kind, TestDatabases::open);
        }

        @Override
        public synchronized void close() {
            databases.values().forEach(TestDatabases::closeAndDrop);
            databases.clear();
        }
    }
}
