package org.fhirgateway.server.ingest;

import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.server.store.Database;

/**
 * A merge serialises both patients' lanes: the losing patient's earlier messages are applied before the A40, and
 * its later ones after it, even when the losing lane's first message is slow and both lanes run in parallel.
 */
class MergeOrderTest {

    /** The RecordingApplier, slowed down for the losing patient's admit so a race would show. */
    static final class SlowForLoser implements MessageApplier {
        private final RecordingApplier recorder = new RecordingApplier();

        @Override
        public Applied apply(Connection tx, InboxMessage message) throws org.fhirgateway.mappers.MappingException, java.sql.SQLException {
            if (message.text().contains("|L1|")) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return recorder.apply(tx, message);
        }
    }

    @Test
    void aMergeWaitsForTheLoserAndTheLoserWaitsForTheMerge() throws Exception {
        try (Database db = IngestDatabases.fresh()) {
            Inbox inbox = new Inbox(db.dataSource());
            for (String message : new String[] {
                Messages.adt("A01", "L1", "LOSER"),          // losing patient's lane, slow
                Messages.adt("A01", "S1", "SURVIVOR"),       // survivor's lane
                Messages.merge("M1", "SURVIVOR", "LOSER"),   // survivor's lane, names the loser
                Messages.adt("A08", "L2", "LOSER"),          // losing lane, after the merge
                Messages.adt("A08", "S2", "SURVIVOR")}) {
                byte[] raw = message.getBytes(StandardCharsets.ISO_8859_1);
                inbox.store(new Inbox.Incoming(V2HeaderReader.read(message), raw, StandardCharsets.ISO_8859_1,
                        AckMode.IMMEDIATE, null), OffsetDateTime.now());
            }
            try (IngestStack stack = IngestStack.start(db.dataSource(), new SlowForLoser(), new IngestStack.Settings(
                    IngestSettings.defaults(), new WorkerSettings(4, Duration.ofSeconds(30), Duration.ofMillis(50), 50, "merge")))) {
                List<String> order = waitForApplied(db, 5);
                assertEquals(List.of("L1", "M1", "L2"), order.stream().filter(id -> id.startsWith("L") || id.startsWith("M")).toList());
                assertEquals(List.of("S1", "M1", "S2"), order.stream().filter(id -> id.startsWith("S") || id.startsWith("M")).toList());
            }
        }
    }

    private static List<String> waitForApplied(Database db, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            List<String> ids = new ArrayList<>();
            try (Connection c = db.connection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT control_id FROM test_applied ORDER BY seq")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            if (ids.size() == expected) {
                return ids;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not all applied");
    }
}
