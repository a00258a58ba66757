package org.fhirgateway.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.fhirgateway.server.app.GatewayMain;
import java.nio.file.attribute.PosixFilePermissions;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.postgres.EmbeddedPostgres;
import org.fhirgateway.server.store.postgres.Platform;
import org.fhirgateway.server.store.postgres.ServerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} on the embedded default (its own PostgreSQL in the data directory), in a real child JVM, stopped with
 * SIGTERM while MLLP senders stream in: every acknowledged message is in the inbox, the lane leases are released,
 * the embedded server is stopped after everything else (fast shutdown: no postmaster.pid left behind) and the data
 * directory is private.
 */
class GracefulStopTest {

    @TempDir
    Path dir;

    @Test
    void sigtermWhileMessagesStreamInClosesTheDatabaseLastAndKeepsEveryAcknowledgedMessage() throws Exception {
        int httpPort = freePort();
        int mllpPort = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("serve.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), GatewayMain.class.getName(), "serve",
                "--http-port", String.valueOf(httpPort), "--mllp-port", String.valueOf(mllpPort)))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
        Process gateway = builder.start();
        Set<String> acked = ConcurrentHashMap.newKeySet();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            awaitListening(mllpPort, gateway);
            for (int s = 0; s < 4; s++) {
                int sender = s;
                senders.submit(() -> stream(mllpPort, sender, acked));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acked.size() < 40 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(acked.size() >= 40, "acknowledged before the stop: " + acked.size());
        } finally {
            gateway.destroy();   // SIGTERM, with the senders still sending
            boolean stopped = gateway.waitFor(60, TimeUnit.SECONDS);
            if (!stopped) {
                gateway.destroyForcibly();   // never leave a gateway running after the test
            }
            senders.shutdown();
            assertTrue(stopped, "stops on SIGTERM");
            assertTrue(senders.awaitTermination(30, TimeUnit.SECONDS));
        }

        String output = Files.readString(log);
        assertFalse(output.contains("lane leases not released"), output);
        assertTrue(output.contains("gateway stopped"), output);
        assertTrue(output.contains("embedded PostgreSQL stopped"), output);
        Path data = dir.resolve("data");
        assertFalse(Files.exists(data.resolve("postgres/cluster/postmaster.pid")), "the server stopped cleanly");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("postgres"))));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve("postgres/password"))));
        try (EmbeddedPostgres server = EmbeddedPostgres.start(data, ServerSettings.gateway(),
                        new Platform(System.getProperty("os.name"), System.getProperty("os.arch")));
                Database db = Database.open(new Database.Settings(server.jdbcUrl(), server.user(), server.password(), 2));
                Connection c = db.connection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM inbox_lane")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "every lane lease released at the stop");
            }
            Set<String> stored = new HashSet<>();
            try (ResultSet rs = s.executeQuery("SELECT control_id FROM inbox")) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
            Set<String> missing = new HashSet<>(acked);
            missing.removeAll(stored);
            assertEquals(Set.of(), missing, "acknowledged but not in the inbox");
        }
    }

    /** Sends ADT messages until the gateway goes away; records the control ids that got an AA. */
    private static void stream(int port, int sender, Set<String> acked) {
        try (MllpClient client = new MllpClient("localhost", port)) {
            for (int n = 0; ; n++) {
                String id = "G" + sender + "-" + n;
                String ack = client.send(Messages.adt(n % 3 == 0 ? "A01" : "A08", id, "GP" + sender + "-" + (n % 10)));
                if (ack == null) {
                    return;
                }
                if (ack.contains("MSA|AA|")) {
                    acked.add(id);
                }
            }
        } catch (IOException stopped) {
            // the gateway closed the connection: it is stopping
        }
    }

    static void awaitListening(int port, Process gateway) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try (Socket probe = new Socket("localhost", port)) {
                return;
            } catch (IOException notYet) {
                if (!gateway.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the MLLP listener did not come up (alive=" + gateway.isAlive() + ")");
                }
                Thread.sleep(200);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
