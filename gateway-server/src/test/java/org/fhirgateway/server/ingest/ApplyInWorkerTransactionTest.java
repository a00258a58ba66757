package org.fhirgateway.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.fhirgateway.mappers.MapperConfig;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MessageMapper;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.SearchRequest;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.testing.Concurrently;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterEach;

/**
 * The applier writes inside the worker's transaction: the store's writes and the inbox row's status are one commit,
 * and a collision with another lane's transaction (unique key, transient conflict) rolls the whole transaction back
 * and applies the message again, instead of failing it and holding the patient's lane. Real sockets,
 * PostgreSQL.
 */
class ApplyInWorkerTransactionTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final int LANES = 4;
    private Database db;
    private IngestStack stack;
    private int port;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private StorageEngine openStore() throws SQLException {
        db = IngestDatabases.fresh();
        return StorageEngine.open(db, FHIR);
    }

    private void start(MessageApplier applier) throws Exception {
        stack = IngestStack.start(db.dataSource(), applier, new IngestStack.Settings(
                IngestSettings.defaults().withMode(AckMode.ORIGINAL),
                new WorkerSettings(LANES, Duration.ofSeconds(30), Duration.ofMillis(100), 50, "apply-in-tx")));
        port = stack.listen(MllpSettings.defaults().withPort(0));
    }

    private static StoreApplier storeApplier(StorageEngine engine) {
        return new StoreApplier(new MessageMapper(MapperConfig.defaults().withDefaultZone(ZoneOffset.UTC)), engine, FHIR);
    }

    /** Sends one message per lane at the same instant, each on its own connection; every answer must be AA. */
    private void race(String round, String shared) throws InterruptedException {
        Concurrently.race(LANES, racer -> {
            String id = round + "-" + racer;
            String message = Messages.adt("A01", id, round + "P" + racer).replace("PV1|1|I|W1^101^A",
                    "PV1|1|I|W" + round + "^101^A||||" + shared + "^SMITH^JOHN");
            try (MllpClient client = new MllpClient("localhost", port)) {
                String ack = client.send(message);
                assertEquals("MSA|AA|" + id, Messages.msa(ack), ack);
            }
        });
    }

    private String statuses() throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = db.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM inbox GROUP BY status ORDER BY status")) {
            while (rs.next()) {
                out.append(rs.getString(1)).append(' ').append(rs.getLong(2)).append(' ');
            }
        }
        return out.toString().trim();
    }

    /** With the real store: the store wrote, then the apply failed; the rollback takes the resources with it. */
    @Test
    void storeWritesRollBackWithTheWorkersTransaction() throws Exception {
        StorageEngine engine = openStore();
        StoreApplier real = storeApplier(engine);
        start((tx, message) -> {
            MessageApplier.Applied applied = real.apply(tx, message);
            applied.ending().ended(false);
            throw new MessageApplier.Failed("TEST_AFTER_STORE", "fails after the store wrote (" + applied.touched().size()
                    + " resources)", null);
        });
        try (MllpClient client = new MllpClient("localhost", port)) {
            String ack = client.send(Messages.adt("A01", "F1", "ROLLBACK1"));
            assertEquals("MSA|AE|F1", Messages.msa(ack), ack);
            assertTrue(ack.contains("TEST_AFTER_STORE"), ack);
        }
        assertEquals("failed 1", statuses());
        for (String type : new String[] {"Patient", "Encounter", "Location", "Provenance"}) {
            long n = engine.search().search(AccessContext.system(), SearchRequest.of(type, "")).total().orElseThrow();
            assertEquals(0, n, type + " rolled back with the inbox row");
        }
    }

    /**
     * The real store, four patients' messages at once, each naming the same attending doctor and a new ward: all are
     * applied (none failed, no lane held) and each doctor is one Practitioner. Whatever collided (the store's
     * conditional identity claims make the second creator wait and match) was retried, not failed.
     */
    @Test
    void patientsRacingForOnePractitionerAreAllAppliedWithoutTwins() throws Exception {
        StorageEngine engine = openStore();
        start(storeApplier(engine));
        int rounds = 3;
        for (int round = 0; round < rounds; round++) {
            race("R" + round, "DR" + round);
            long practitioners = engine.search().search(AccessContext.system(),
                    SearchRequest.of("Practitioner", "identifier=DR" + round)).total().orElseThrow();
            assertEquals(1, practitioners, "one Practitioner DR" + round + ", no twins");
        }
        assertEquals("applied " + rounds * LANES, statuses());
    }

    /**
     * A test applier that writes a shared row keyed by the attending doctor if it is not there yet (as a conditional
     * create does), and keeps each message's first transaction open a moment after writing: the other lanes' inserts
     * wait for it and, once it commits, fail with a unique-key violation (SQLState 23505) in their worker's transaction.
     */
    static final class SharedRowApplier implements MessageApplier {
        static final String DDL = "CREATE TABLE IF NOT EXISTS test_shared (shared_key VARCHAR(100) PRIMARY KEY)";
        final AtomicInteger conflicts = new AtomicInteger();
        private final RecordingApplier recorder = new RecordingApplier();
        private final Set<Long> heldOnce = ConcurrentHashMap.newKeySet();

        @Override
        public Applied apply(Connection tx, InboxMessage message) throws MappingException, SQLException {
            String shared = message.text().split("\r")[3].split("\\|")[7].split("\\^")[0];
            try {
                insertIfAbsent(tx, shared);
            } catch (SQLException e) {
                conflicts.incrementAndGet();
                throw e;
            }
            if (heldOnce.add(message.id())) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return recorder.apply(tx, message);
        }

        private static void insertIfAbsent(Connection tx, String key) throws SQLException {
            try (PreparedStatement ps = tx.prepareStatement("SELECT 1 FROM test_shared WHERE shared_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (PreparedStatement ps = tx.prepareStatement("INSERT INTO test_shared (shared_key) VALUES (?)")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
        }
    }

    @Test
    void aUniqueViolationInTheWorkersTransactionIsRetriedNotFailed() throws Exception {
        db = IngestDatabases.fresh();
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute(SharedRowApplier.DDL);
        }
        SharedRowApplier applier = new SharedRowApplier();
        start(applier);
        race("U", "SHARED1");
        assertEquals("applied " + LANES, statuses());
        assertTrue(applier.conflicts.get() > 0, "the racers collided on the shared key");
        try (Connection c = db.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM test_applied")) {
            rs.next();
            assertEquals(LANES, rs.getLong(1), "each message applied once");
        }
    }
}
