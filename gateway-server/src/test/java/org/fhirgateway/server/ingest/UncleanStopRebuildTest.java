package org.fhirgateway.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.fhirgateway.server.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H2 file database left by a killed gateway is rebuilt from its committed data at the next start
 * ({@code H2UncleanStop}); after a clean stop it is not. The rebuilt database keeps every acknowledged message, its
 * unique keys and its identity counters: a gateway started on it goes on storing with new ids.
 */
class UncleanStopRebuildTest {

    @TempDir
    Path dir;

    @Test
    void aKilledGatewaysDatabaseIsRebuiltAndTheNextGatewayGoesOn() throws Exception {
        String url = Database.h2FileUrl(dir.resolve("gateway").toString());
        Path marker = dir.resolve("gateway.open");
        Path oldCopy = dir.resolve("gateway.unclean.mv.db");

        Process first = CrashTest.launch(url, AckMode.IMMEDIATE);
        Set<String> acked;
        try {
            acked = send(CrashTest.readyPort(first), "K", 20);
            assertTrue(Files.exists(marker), "in use while the gateway runs");
        } finally {
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(marker), "a killed gateway leaves its mark");

        try (Database db = Database.open(url)) {
            assertTrue(Files.exists(oldCopy), "rebuilt: the old file is kept beside the new one");
            assertTrue(controlIds(db).containsAll(acked), "every acknowledged message survives the rebuild");
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                String someId = acked.iterator().next();
                SQLException duplicate = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> s.execute(
                        "INSERT INTO inbox (sending_application, sending_facility, control_id, dedup_slot, message_type, lane,"
                        + " received_at, status, raw, charset, ack_mode) SELECT sending_application, sending_facility,"
                        + " control_id, dedup_slot, message_type, lane, received_at, status, raw, charset, ack_mode"
                        + " FROM inbox WHERE control_id = '" + someId + "'"));
                assertEquals("23505", duplicate.getSQLState(), "the unique key is rebuilt too");
            }
        }
        assertFalse(Files.exists(marker), "closed cleanly: no mark");
        Files.delete(oldCopy);

        Process second = CrashTest.launch(url, AckMode.IMMEDIATE);
        try {
            acked.addAll(send(CrashTest.readyPort(second), "L", 20));
        } finally {
            second.destroy();   // SIGTERM: a clean stop
            boolean stopped = second.waitFor(60, TimeUnit.SECONDS);
            if (!stopped) {
                second.destroyForcibly();
            }
            assertTrue(stopped, "stops on SIGTERM");
        }
        assertFalse(Files.exists(marker), "a clean stop leaves no mark");
        try (Database db = Database.open(url)) {
            assertFalse(Files.exists(oldCopy), "not rebuilt after a clean stop");
            assertEquals(acked, controlIds(db), "the second gateway stored its messages with new ids");
        }
    }

    @Test
    void aStopBetweenTheSwapsRenamesIsFinishedAndAnUnfinishedRebuildIsMadeAgain() throws Exception {
        String url = Database.h2FileUrl(dir.resolve("gateway").toString());
        try (Database db = Database.open(url); Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE probe (id BIGINT PRIMARY KEY)");
            s.execute("INSERT INTO probe VALUES (1), (2), (3)");
        }
        Path database = dir.resolve("gateway.mv.db");
        Path rebuilt = dir.resolve("gateway.rebuilt.mv.db");
        Path marker = dir.resolve("gateway.open");

        // stopped after the old file was moved aside, before the new one took its place
        Files.move(database, rebuilt);
        Files.writeString(marker, "1");
        assertEquals(3, probeRows(url));
        assertFalse(Files.exists(rebuilt));

        // stopped while the new file was being written: it is thrown away and made again from the database
        Files.writeString(rebuilt, "half a database");
        Files.writeString(marker, "1");
        assertEquals(3, probeRows(url));
        assertFalse(Files.exists(rebuilt));
        assertFalse(Files.exists(marker));
    }

    private static long probeRows(String url) throws SQLException {
        try (Database db = Database.open(url); Connection c = db.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM probe")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> send(int port, String prefix, int count) throws Exception {
        Set<String> acked = new HashSet<>();
        try (MllpClient client = new MllpClient("localhost", port)) {
            for (int i = 0; i < count; i++) {
                String id = prefix + i;
                String ack = client.send(Messages.adt("A08", id, "U" + (i % 4)));
                assertEquals("MSA|AA|" + id, Messages.msa(ack));
                acked.add(id);
            }
        }
        return acked;
    }

    private static Set<String> controlIds(Database db) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = db.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT control_id FROM inbox")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
