package org.fhirgateway.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.postgres.EmbeddedPostgres;
import org.fhirgateway.server.store.postgres.Platform;
import org.fhirgateway.server.store.postgres.ServerSettings;

/**
 * Fresh, migrated PostgreSQL databases for tests: the server named by the environment variable
 * {@code GATEWAY_TEST_PG_URL} (e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=root}) if set, otherwise the
 * gateway's own embedded PostgreSQL ({@link EmbeddedPostgres}), started once per test JVM in a temporary data
 * directory. Each call gets its own new schema, so test classes never see each other's rows. If PostgreSQL cannot
 * be reached or started the call FAILS: no test is skipped.
 *
 * <pre>{@code
 * static final TestDatabases.PerClass DBS = new TestDatabases.PerClass();
 * @AfterAll static void close() { DBS.close(); }
 * @Test void works() { Database db = DBS.get(); ... }
 * }</pre>
 */
public final class TestDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Map<Database, String> SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();
    /** Schemas handed out by URL, dropped at exit from an external server (the embedded one is deleted whole). */
    private static final java.util.Set<String> URL_SCHEMAS = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static volatile String postgresBaseUrl;
    private static EmbeddedPostgres embedded;
    private static Path embeddedDataDir;

    private TestDatabases() {
    }

    /** A fresh PostgreSQL schema on the shared server, migrated; close it with {@link #closeAndDrop}. */
    public static Database open() {
        String url = freshSchemaUrl("gw_test_");
        Database db = Database.open(new Database.Settings(url, null, null, 8));
        SCHEMAS.put(db, url.substring(url.lastIndexOf('=') + 1));
        return db;
    }

    /**
     * The JDBC URL (credentials included) of a new empty schema on the test server, for a gateway under test to
     * migrate itself; the schema is dropped when the test JVM ends.
     */
    public static String freshSchemaUrl(String prefix) {
        String base = postgresBaseUrl();
        String schema = prefix + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema on PostgreSQL at " + redact(base), e);
        }
        URL_SCHEMAS.add(schema);
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Closes a database from this class and drops its schema, so shared servers stay clean. */
    public static void closeAndDrop(Database db) {
        db.close();
        String schema = SCHEMAS.remove(db);
        if (schema != null) {
            URL_SCHEMAS.remove(schema);
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
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::atExit, "test-databases-cleanup"));
        if (fromEnv != null && !fromEnv.isBlank()) {
            postgresBaseUrl = fromEnv;
            return postgresBaseUrl;
        }
        try {
            embeddedDataDir = Files.createTempDirectory("gw-test-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        embedded = EmbeddedPostgres.start(embeddedDataDir, new ServerSettings(400, "128MB", 120),
                new Platform(System.getProperty("os.name"), System.getProperty("os.arch")));
        postgresBaseUrl = embedded.jdbcUrl() + "?user=" + embedded.user() + "&password=" + embedded.password();
        return postgresBaseUrl;
    }

    private static void atExit() {
        if (embedded == null) {
            for (String schema : URL_SCHEMAS) {
                try (Connection c = DriverManager.getConnection(postgresBaseUrl); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                } catch (SQLException e) {
                    // best effort at exit
                }
            }
            return;
        }
        embedded.close();
        try (Stream<Path> paths = Files.walk(embeddedDataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder; the JVM is exiting
        }
    }

    private static String redact(String url) {
        return url.replaceAll("password=[^&]*", "password=***");
    }

    /** A database opened on first use for the tests of one class, closed (and dropped) by {@link #close()}. */
    public static final class PerClass implements AutoCloseable {

        private Database database;

        public synchronized Database get() {
            if (database == null) {
                database = open();
            }
            return database;
        }

        @Override
        public synchronized void close() {
            if (database != null) {
                closeAndDrop(database);
                database = null;
            }
        }
    }
}
