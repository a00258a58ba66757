package org.fhirgateway.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.testing.Engines;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;

/** A transaction Bundle inside a caller's own JDBC transaction (FhirStore.join), on PostgreSQL. */
class StoreTransactionTest {

    static final Engines ENGINES = new Engines();
    static final AccessContext SYSTEM = AccessContext.system();

    @AfterAll
    static void close() {
        ENGINES.close();
    }

    private static Database database() throws SQLException {
        Database db = ENGINES.databases().get();
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS test_caller_row (name VARCHAR(100) PRIMARY KEY)");
        }
        return db;
    }

    private static void callerRow(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO test_caller_row (name) VALUES ('" + name + "')");
        }
    }

    private static long callerRows(Database db, String name) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM test_caller_row WHERE name = '" + name + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theBundleCommitsAndRollsBackWithTheCallersOwnRows() throws Exception {
        StorageEngine engine = ENGINES.get();
        Database db = database();
        String sys = "urn:mrn:" + UUID.randomUUID();
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            StoreTransaction tx = engine.store().join(c);
            tx.transaction(SYSTEM, TransactionTest.admission(sys, "1"));
            callerRow(c, sys);
            c.rollback();
            tx.ended(false);
            c.setAutoCommit(true);
        }
        assertEquals(0, TransactionTest.count(engine, "Patient", "identifier=" + sys + "|1"), "rolled back");
        assertEquals(0, callerRows(db, sys));

        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            StoreTransaction tx = engine.store().join(c);
            Bundle response = tx.transaction(SYSTEM, TransactionTest.admission(sys, "1"));
            callerRow(c, sys);
            assertEquals(0, TransactionTest.count(engine, "Patient", "identifier=" + sys + "|1"),
                    "not visible to others before the caller commits");
            c.commit();
            tx.ended(true);
            c.setAutoCommit(true);
            assertEquals(3, response.getEntry().size());
        }
        assertEquals(1, TransactionTest.count(engine, "Patient", "identifier=" + sys + "|1"));
        assertEquals(1, TransactionTest.count(engine, "Observation", "subject:Patient.identifier=" + sys + "|1"));
        assertEquals(1, callerRows(db, sys));
    }

    /** A version read (and cached) before the caller's commit is replaced by the committed one right after it. */
    @Test
    void aReadAfterTheCallersCommitSeesTheNewVersion() throws Exception {
        StorageEngine engine = ENGINES.get();
        Database db = database();
        String id = "st-" + UUID.randomUUID();
        Patient p = new Patient();
        p.setId(id);
        p.addName().setFamily("Before");
        engine.store().update(SYSTEM, p);
        assertEquals("Before", ((Patient) engine.store().read(SYSTEM, "Patient", id).resource()).getNameFirstRep().getFamily());
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            StoreTransaction tx = engine.store().join(c);
            Patient changed = p.copy();
            changed.getNameFirstRep().setFamily("After");
            Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            b.addEntry().setResource(changed).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient/" + id);
            tx.transaction(SYSTEM, b);
            assertEquals("Before", ((Patient) engine.store().read(SYSTEM, "Patient", id).resource()).getNameFirstRep().getFamily(),
                    "others read the committed version meanwhile");
            c.commit();
            tx.ended(true);
            c.setAutoCommit(true);
        }
        StoredResource read = engine.store().read(SYSTEM, "Patient", id);
        assertEquals(2, read.version());
        assertEquals("After", ((Patient) read.resource()).getNameFirstRep().getFamily());
    }

    @Test
    void refusesABatchAndAnAutoCommitConnection() throws Exception {
        StorageEngine engine = ENGINES.get();
        Database db = database();
        try (Connection c = db.connection()) {
            assertThrows(IllegalStateException.class, () -> engine.store().join(c));
            c.setAutoCommit(false);
            StoreTransaction tx = engine.store().join(c);
            StoreException e = assertThrows(StoreException.class,
                    () -> tx.transaction(SYSTEM, new Bundle().setType(Bundle.BundleType.BATCH)));
            assertEquals(StoreError.INVALID_BUNDLE, e.error());
            c.rollback();
            tx.ended(false);
            c.setAutoCommit(true);
        }
    }
}
