package org.fhirgateway.server.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server as an operator and an attacker on the same machine see it: private, durable, one at a time. */
class EmbeddedPostgresTest {

    static final Platform HERE = new Platform(System.getProperty("os.name"), System.getProperty("os.arch"));

    @TempDir
    Path dataDir;

    @Test
    void listensOnLoopbackOnlyWithAPasswordAndDurableCommits() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.start(dataDir, ServerSettings.gateway(), HERE)) {
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                    Statement s = c.createStatement()) {
                assertEquals("127.0.0.1", show(s, "listen_addresses"));
                assertEquals("", show(s, "unix_socket_directories"));
                assertEquals("on", show(s, "fsync"));
                assertEquals("on", show(s, "synchronous_commit"));
                assertEquals("on", show(s, "full_page_writes"));
                assertEquals("on", show(s, "data_checksums"));
                assertEquals("terse", show(s, "log_error_verbosity"));
                assertEquals("panic", show(s, "log_min_error_statement"));
                assertEquals("log", show(s, "log_min_messages"));
            }
            SQLException wrong = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(server.jdbcUrl(), server.user(), "not-the-password"));
            assertEquals("28P01", wrong.getSQLState(), "password authentication, never trust");
            SQLException none = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(server.jdbcUrl() + "?user=" + server.user()));
            assertTrue(none.getMessage().contains("password"), none.getMessage());
            SQLException otherRole = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(server.jdbcUrl(), "postgres", server.password()));
            assertEquals("28000", otherRole.getSQLState(), "pg_hba admits the gateway's role only");
        }
    }

    @Test
    void theServersLogHoldsNoValueFromAFailedStatement() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.start(dataDir, ServerSettings.gateway(), HERE)) {
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE patient_key (mrn TEXT PRIMARY KEY)");
                s.execute("INSERT INTO patient_key VALUES ('MRN-DOE-JANE-1970')");
                assertThrows(SQLException.class, () -> s.execute("INSERT INTO patient_key VALUES ('MRN-DOE-JANE-1970')"));
                assertThrows(SQLException.class, () -> s.execute("SELECT 'DOE-JOHN-19700101'::int"));
            }
        }   // stopped: the log collector has written everything
        String logs;
        try (Stream<Path> files = Files.list(dataDir.resolve("postgres/cluster/log"))) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.toList()) {
                all.append(Files.readString(file));
            }
            logs = all.toString();
        }
        assertTrue(logs.contains("database system is ready"), "the server's own lines are logged: " + logs);
        assertFalse(logs.contains("DOE"), logs);
    }

    @Test
    void theDataDirectoryAndEveryFileInItArePrivate() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.start(dataDir, ServerSettings.gateway(), HERE)) {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                for (Path path : paths.filter(p -> !Files.isSymbolicLink(p)).toList()) {
                    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
                    assertTrue(mode.endsWith("------"), path + " is " + mode);
                }
            }
            assertEquals("rw-------", mode(dataDir.resolve("postgres/password")));
            assertEquals("rwx------", mode(dataDir.resolve("postgres/cluster")));
        }
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryIsRefusedNamingTheFirst() {
        try (EmbeddedPostgres first = EmbeddedPostgres.start(dataDir, ServerSettings.gateway(), HERE)) {
            EmbeddedPostgresException e = assertThrows(EmbeddedPostgresException.class,
                    () -> EmbeddedPostgres.start(dataDir, ServerSettings.gateway(), HERE));
            assertTrue(e.getMessage().contains("is in use by another gateway (gateway process "
                    + ProcessHandle.current().pid()), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line");
        }
    }

    @Test
    void aRestartKeepsTheDataAndTheServerStopsCleanly() throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.start(dataDir, ServerSettings.gateway(), HERE);
                Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v TEXT)");
            s.execute("INSERT INTO kept VALUES ('committed')");
        }
        assertFalse(Files.exists(dataDir.resolve("postgres/cluster/postmaster.pid")), "fast shutdown, nothing left running");
        try (EmbeddedPostgres server = EmbeddedPostgres.start(dataDir, ServerSettings.gateway(), HERE);
                Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertTrue(rs.next());
            assertEquals("committed", rs.getString(1));
        }
    }

    @Test
    void aServerLeftByAKilledGatewayIsStoppedAndCommittedDataSurvivesItsOwnKill() throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.start(dataDir, ServerSettings.gateway(), HERE);
        long pid = server.pid();
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v TEXT)");
            s.execute("INSERT INTO kept VALUES ('committed before the kill')");
        }
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();   // kill -9 of the postmaster itself
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (server.pid() == pid && System.nanoTime() < deadline) {
            Thread.sleep(50);   // the watchdog starts a new one
        }
        assertTrue(server.pid() != pid, "restarted by the watchdog");
        try (Connection c = awaitConnection(server); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertTrue(rs.next(), "WAL recovery kept the committed row");
        } finally {
            server.close();
        }
    }

    @Test
    void anOldH2DatabaseIsRefusedNotReplacedByAnEmptyOne() throws IOException {
        Files.writeString(dataDir.resolve("gateway.mv.db"), "H2 file of an earlier version");
        EmbeddedPostgresException e = assertThrows(EmbeddedPostgresException.class,
                () -> EmbeddedPostgres.start(dataDir, ServerSettings.gateway(), HERE));
        assertTrue(e.getMessage().contains("holds an H2 database (gateway.mv.db)"), e.getMessage());
        assertFalse(Files.exists(dataDir.resolve("postgres")), "nothing created beside it");
    }

    @Test
    void aPlatformWithoutBinariesGetsAClearMessage() {
        for (Platform elsewhere : List.of(new Platform("Mac OS X", "aarch64"), new Platform("Windows 11", "amd64"),
                new Platform("Linux", "ppc64le"))) {
            EmbeddedPostgresException e = assertThrows(EmbeddedPostgresException.class,
                    () -> EmbeddedPostgres.start(dataDir, ServerSettings.gateway(), elsewhere));
            assertTrue(e.getMessage().contains("no embedded PostgreSQL for this platform"), e.getMessage());
            assertTrue(e.getMessage().contains("pass --db-url"), e.getMessage());
        }
    }

    private static Connection awaitConnection(EmbeddedPostgres server) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                return DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
            } catch (SQLException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
