package org.fhirgateway.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fhirgateway.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterEach;

/** The ingest stack over real sockets and real PostgreSQL databases: ACKs, order, duplicates. */
class MllpIngestTest {

    private Database db;
    private javax.sql.DataSource ds;
    private IngestStack stack;
    private int port;

    private void start(AckMode mode) throws Exception {
        db = IngestDatabases.fresh();
        ds = db.dataSource();
        IngestStack.Settings settings = new IngestStack.Settings(IngestSettings.defaults().withMode(mode),
                new WorkerSettings(4, Duration.ofSeconds(30), Duration.ofMillis(100), 50, "test-node"));
        stack = IngestStack.start(ds, new RecordingApplier(), settings);
        port = stack.listen(MllpSettings.defaults().withPort(0));
    }

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void originalModeAnswersAfterApplying() throws Exception {
        start(AckMode.ORIGINAL);
        try (MllpClient client = new MllpClient("localhost", port)) {
            String ack = client.send(Messages.adt("A01", "M1", "P1"));
            assertEquals("MSA|AA|M1", Messages.msa(ack));
        }
        assertEquals(List.of("M1"), applied("MRN|P1"));
    }

    @Test
    void oneLaneKeepsReceiveOrderWhileLanesRunInParallel() throws Exception {
        start(AckMode.IMMEDIATE);
        int patients = 6;
        String[] story = {"A01", "A02", "A08", "A02", "A03"};
        ExecutorService senders = Executors.newFixedThreadPool(patients);
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < patients; p++) {
            int patient = p;
            done.add(senders.submit(() -> {
                try (MllpClient client = new MllpClient("localhost", port)) {
                    for (int round = 0; round < 4; round++) {
                        for (int i = 0; i < story.length; i++) {
                            String id = "P" + patient + "-" + round + "-" + i;
                            assertEquals("MSA|AA|" + id, Messages.msa(client.send(Messages.adt(story[i], id, "P" + patient))));
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        senders.shutdown();
        IngestDatabases.awaitNoneReceived(ds);
        for (int p = 0; p < patients; p++) {
            List<String> expected = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < story.length; i++) {
                    expected.add("P" + p + "-" + round + "-" + i);
                }
            }
            assertEquals(expected, applied("MRN|P" + p), "order of patient " + p);
        }
    }

    @Test
    void aDuplicateGetsTheSameAckAndIsNotAppliedTwice() throws Exception {
        start(AckMode.ORIGINAL);
        try (MllpClient client = new MllpClient("localhost", port)) {
            String first = client.send(Messages.adt("A01", "D1", "P9"));
            String again = client.send(Messages.adt("A01", "D1", "P9"));
            assertEquals(first, again);
        }
        assertEquals(List.of("D1"), applied("MRN|P9"));
        InboxAdmin.Page dups = new InboxAdmin(ds).list(new InboxAdmin.Query(InboxStatus.DUPLICATE, null, null, null, null, null, 10));
        assertEquals(1, dups.rows().size());
        assertNotNull(dups.rows().get(0).duplicateOf());
    }

    @Test
    void aFailedMessageIsKeptNackedAndReplayedAfterAFix() throws Exception {
        start(AckMode.ORIGINAL);
        RecordingApplier.poison(ds, "BAD1");
        long failedId;
        try (MllpClient client = new MllpClient("localhost", port)) {
            String nack = client.send(Messages.adt("A01", "BAD1", "P5"));
            assertEquals("MSA|AR|BAD1", Messages.msa(nack));
            assertTrue(nack.contains("ERR||PV1^1^3|102^"), nack);
            assertTrue(nack.contains("INVALID_VALUE"), nack);
        }
        InboxAdmin admin = new InboxAdmin(ds);
        InboxAdmin.Page failed = admin.list(new InboxAdmin.Query(InboxStatus.FAILED, null, "A01", null, null, null, 10));
        assertEquals(1, failed.rows().size());
        failedId = failed.rows().get(0).id();
        assertEquals("INVALID_VALUE", failed.rows().get(0).errorCode());
        RecordingApplier.curePoisons(ds);
        assertTrue(admin.replay(failedId));
        IngestDatabases.awaitNoneReceived(ds);
        assertEquals(InboxStatus.APPLIED, admin.get(failedId).orElseThrow().summary().status());
        assertEquals(List.of("BAD1"), applied("MRN|P5"));
    }

    @Test
    void enhancedModeSendsCommitAcksPerMsh15() throws Exception {
        start(AckMode.ORIGINAL);
        try (MllpClient client = new MllpClient("localhost", port)) {
            client.sendRaw(MllpFrames.frame(Messages.adt("A01", "E1", "P7", "NE|NE").getBytes(StandardCharsets.ISO_8859_1)));
            String ack = client.send(Messages.adt("A08", "E2", "P7", "AL|NE"));
            assertEquals("MSA|CA|E2", Messages.msa(ack), "no answer to E1 (MSH-15 NE), a CA for E2");
        }
        IngestDatabases.awaitNoneReceived(ds);
        assertEquals(List.of("E1", "E2"), applied("MRN|P7"));
        InboxAdmin admin = new InboxAdmin(ds);
        List<InboxAdmin.Summary> rows = admin.list(new InboxAdmin.Query(null, null, null, null, null, null, 10)).rows();
        InboxAdmin.Acks e2 = admin.get(rows.get(0).id()).orElseThrow().acks();
        assertEquals("MSA|CA|E2", Messages.msa(e2.ack()), "the commit ACK is what a duplicate gets");
        assertNull(e2.applicationAck(), "MSH-16 NE: no application ACK");
        assertNull(admin.get(rows.get(1).id()).orElseThrow().acks().applicationAck());
        try (MllpClient client = new MllpClient("localhost", port)) {
            assertEquals("MSA|CA|E3", Messages.msa(client.send(Messages.adt("A08", "E3", "P7", "AL|AL"))));
        }
        IngestDatabases.awaitNoneReceived(ds);
        long e3 = admin.list(new InboxAdmin.Query(null, null, null, null, null, null, 1)).rows().get(0).id();
        assertEquals("MSA|AA|E3", Messages.msa(admin.get(e3).orElseThrow().acks().applicationAck()), "MSH-16 AL");
    }

    @Test
    void msh18DecidesTheCharset() throws Exception {
        start(AckMode.ORIGINAL);
        String utf8 = Messages.adt("A01", "U1", "P8").replace("2.5.1", "2.5.1||||||UNICODE UTF-8").replace("DOE^JOHN", "MÜLLER^JÖRG");
        String latin1 = Messages.adt("A01", "L1", "P8").replace("2.5.1", "2.5.1||||||8859/1").replace("DOE^JOHN", "MÜLLER^JÖRG");
        try (MllpClient client = new MllpClient("localhost", port)) {
            assertEquals("MSA|AA|U1", Messages.msa(client.send(utf8.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
            assertEquals("MSA|AA|L1", Messages.msa(client.send(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1)));
        }
        InboxAdmin admin = new InboxAdmin(ds);
        for (InboxAdmin.Summary row : admin.list(new InboxAdmin.Query(null, null, null, null, null, null, 10)).rows()) {
            assertTrue(admin.get(row.id()).orElseThrow().raw().contains("MÜLLER^JÖRG"), row.controlId());
        }
    }

    private List<String> applied(String lane) throws Exception {
        return RecordingApplier.appliedIn(ds, lane);
    }

    static Map<String, Long> counts(javax.sql.DataSource ds) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM inbox GROUP BY status")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }
}
