package org.fhirgateway.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.testing.Concurrently;
import org.fhirgateway.server.testing.TestDatabases;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterEach;

/** The sweep of conditional-identity rows, on PostgreSQL: what it deletes, what it leaves, what it never breaks. */
class IdentitySweeperTest {

    private Database database;

    @AfterEach
    void close() {
        TestDatabases.closeAndDrop(database);
    }

    private StorageEngine open() {
        database = TestDatabases.open();
        return StorageEngine.open(database, FhirContext.forR4Cached());
    }

    private static Patient patient(String system, String value) {
        Patient p = new Patient();
        p.addIdentifier().setSystem(system).setValue(value);
        return p;
    }

    private long identityRows() throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM conditional_identity");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void deletesTheRowsOfEndedWritesAndLeavesAHeldOne() throws Exception {
        FhirStore store = open().store();
        String sys = "urn:sweep:" + UUID.randomUUID();
        for (int i = 0; i < IdentitySweeper.BATCH + 5; i++) {
            store.conditionalCreate(AccessContext.system(), patient(sys, "p" + i), "identifier=" + sys + "|p" + i);
        }
        assertEquals(IdentitySweeper.BATCH + 5, identityRows(), "one claimed row per conditional create");

        try (Connection holder = database.connection()) {
            holder.setAutoCommit(false);
            new ResourceDao().claimIdentity(holder, "Patient", "held-by-an-open-transaction");
            // the sweep runs beside the open transaction: it must neither wait for it nor delete its row
            int deleted = CompletableFuture.supplyAsync(() -> {
                try {
                    return database.identitySweeper().sweep();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }).get(20, TimeUnit.SECONDS);
            assertEquals(IdentitySweeper.BATCH + 5, deleted, "every row of an ended write, over two batches");
            holder.commit();
        }
        assertEquals(1, identityRows(), "the row held at the time is left");
        assertEquals(1, database.identitySweeper().sweep(), "and deleted once its transaction ended");
        assertEquals(0, identityRows());
    }

    @Test
    void concurrentConditionalCreatesMakeNoTwinsWhileTheSweepRuns() throws Exception {
        FhirStore store = open().store();
        AtomicBoolean sweeping = new AtomicBoolean(true);
        CompletableFuture<Integer> sweeps = CompletableFuture.supplyAsync(() -> {
            int runs = 0;
            while (sweeping.get()) {
                try {
                    database.identitySweeper().sweep();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                runs++;
            }
            return runs;
        });
        try {
            for (int round = 0; round < 30; round++) {
                String sys = "urn:race:" + UUID.randomUUID();
                String criteria = "identifier=" + sys + "|7";
                Set<String> ids = Collections.synchronizedSet(new HashSet<>());
                Concurrently.race(3, racer -> ids.add(
                        store.conditionalCreate(AccessContext.system(), patient(sys, "7"), criteria).id()));
                assertEquals(1, ids.size(), "all writers got the same resource");
            }
        } finally {
            sweeping.set(false);
        }
        assertTrue(sweeps.get(20, TimeUnit.SECONDS) > 0, "the sweep ran beside the writers");
    }
}
