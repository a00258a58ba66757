package org.fhirgateway.server.store;

import org.fhirgateway.server.testing.TestAccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.testing.Engines;
import org.fhirgateway.server.testing.Concurrently;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;

/** CRUD, versions, history, version checks and conditional writes, on PostgreSQL. */
class FhirStoreTest {

    static final Engines ENGINES = new Engines();
    static final AccessContext SYSTEM = AccessContext.system();

    @AfterAll
    static void close() {
        ENGINES.close();
    }

    static FhirStore store() {
        return ENGINES.get().store();
    }

    static Patient patient(String system, String value, String family) {
        Patient p = new Patient();
        p.addIdentifier().setSystem(system).setValue(value);
        p.addName().setFamily(family);
        return p;
    }

    @Test
    void createReadUpdateVreadDelete() {
        FhirStore store = store();
        WriteOutcome created = store.create(SYSTEM, patient("urn:sys", "1", "Alpha"));
        assertEquals(WriteOutcome.Kind.CREATED, created.kind());
        assertEquals(1, created.version());

        Patient changed = (Patient) store.read(SYSTEM, "Patient", created.id()).resource();
        assertEquals("1", changed.getMeta().getVersionId());
        changed.getNameFirstRep().setFamily("Beta");
        WriteOutcome updated = store.update(SYSTEM, changed);
        assertEquals(WriteOutcome.Kind.UPDATED, updated.kind());
        assertEquals(2, updated.version());

        WriteOutcome same = store.update(SYSTEM, changed);
        assertEquals(WriteOutcome.Kind.UNCHANGED, same.kind(), "identical content makes no new version");
        assertEquals(2, same.version());

        assertEquals("Alpha", ((Patient) store.vread(SYSTEM, "Patient", created.id(), 1).resource())
                .getNameFirstRep().getFamily());
        assertEquals("Beta", ((Patient) store.read(SYSTEM, "Patient", created.id()).resource())
                .getNameFirstRep().getFamily());

        WriteOutcome deleted = store.delete(SYSTEM, "Patient", created.id());
        assertEquals(WriteOutcome.Kind.DELETED, deleted.kind());
        assertEquals(3, deleted.version());
        StoreException gone = assertThrows(StoreException.class, () -> store.read(SYSTEM, "Patient", created.id()));
        assertEquals(StoreError.RESOURCE_DELETED, gone.error());
        assertEquals(WriteOutcome.Kind.NOTHING_DELETED, store.delete(SYSTEM, "Patient", created.id()).kind());
        assertEquals(StoreError.VERSION_NOT_FOUND, assertThrows(StoreException.class,
                () -> store.vread(SYSTEM, "Patient", created.id(), 9)).error());
        assertEquals(StoreError.RESOURCE_NOT_FOUND, assertThrows(StoreException.class,
                () -> store.read(SYSTEM, "Patient", "nope")).error());
    }

    @Test
    void updateAsCreateWithClientIdAndIfMatch() {
        FhirStore store = store();
        String id = "client-" + UUID.randomUUID();
        Patient p = patient("urn:sys", "2", "Gamma");
        p.setId(id);
        assertEquals(WriteOutcome.Kind.CREATED, store.update(SYSTEM, p).kind());
        p.getNameFirstRep().setFamily("Delta");
        VersionConflictException conflict = assertThrows(VersionConflictException.class,
                () -> store.update(SYSTEM, p, 7));
        assertEquals(StoreError.Category.PRECONDITION_FAILED, conflict.category());
        assertEquals(1, conflict.currentVersion());
        assertEquals(2, store.update(SYSTEM, p, 1).version());
        assertThrows(VersionConflictException.class, () -> store.delete(SYSTEM, "Patient", id, 1));
        assertEquals(WriteOutcome.Kind.DELETED, store.delete(SYSTEM, "Patient", id, 2).kind());
    }

    @Test
    void historyInstanceTypeSystemWithSinceAndPaging() throws Exception {
        FhirStore store = store();
        WriteOutcome a = store.create(SYSTEM, patient("urn:hist", "a", "V1"));
        Patient p = (Patient) a.resource();
        for (int v = 2; v <= 5; v++) {
            p.getNameFirstRep().setFamily("V" + v);
            store.update(SYSTEM, p);
        }
        store.delete(SYSTEM, "Patient", a.id());
        HistoryPage first = store.history(SYSTEM, HistoryRequest.instance("Patient", a.id(), 4));
        assertEquals(6, first.total());
        assertEquals(4, first.entries().size());
        assertEquals(6, first.entries().get(0).version().version(), "newest first");
        assertTrue(first.entries().get(0).version().deleted());
        assertEquals("DELETE", first.entries().get(0).method());
        HistoryPage second = store.history(SYSTEM, HistoryRequest.instance("Patient", a.id(), 4)
                .withPageToken(first.nextPageToken()));
        assertEquals(List.of(2L, 1L), second.entries().stream().map(e -> e.version().version()).toList());
        assertNull(second.nextPageToken());
        assertEquals("POST", second.entries().get(1).method());

        Thread.sleep(5);
        Instant since = Instant.now();
        Thread.sleep(5);
        WriteOutcome b = store.create(SYSTEM, patient("urn:hist", "b", "Later"));
        HistoryPage typeSince = store.history(SYSTEM, HistoryRequest.type("Patient", 50).withSince(since));
        assertEquals(1, typeSince.total());
        assertEquals(b.id(), typeSince.entries().get(0).version().id());
        HistoryPage system = store.history(SYSTEM, HistoryRequest.system(50).withSince(since));
        assertEquals(1, system.entries().size());

        HistoryPage at = store.history(SYSTEM, HistoryRequest.instance("Patient", a.id(), 10).withAt(since));
        assertEquals(1, at.entries().size());
        assertEquals(6, at.entries().get(0).version().version(), "_at gives the version current then");

        assertEquals(StoreError.INVALID_PAGE_TOKEN, assertThrows(StoreException.class, () -> store.history(SYSTEM,
                HistoryRequest.system(5).withPageToken(first.nextPageToken() + "x"))).error());
    }

    @Test
    void conditionalCreateUpdateDelete() {
        FhirStore store = store();
        String sys = "urn:cond:" + UUID.randomUUID();
        String criteria = "identifier=" + sys + "|42";
        WriteOutcome first = store.conditionalCreate(SYSTEM, patient(sys, "42", "One"), criteria);
        assertEquals(WriteOutcome.Kind.CREATED, first.kind());
        WriteOutcome again = store.conditionalCreate(SYSTEM, patient(sys, "42", "Two"), criteria);
        assertEquals(WriteOutcome.Kind.MATCHED, again.kind());
        assertEquals(first.id(), again.id());
        assertEquals(first.id(), store.conditionalCreate(SYSTEM, patient(sys, "42", "Two"), "Patient?" + criteria).id(),
                "an If-None-Exist value with the type prefix means the same");

        WriteOutcome upd = store.conditionalUpdate(SYSTEM, patient(sys, "42", "Three"), criteria);
        assertEquals(WriteOutcome.Kind.UPDATED, upd.kind());
        assertEquals(first.id(), upd.id());
        WriteOutcome created = store.conditionalUpdate(SYSTEM, patient(sys, "43", "Four"), "identifier=" + sys + "|43");
        assertEquals(WriteOutcome.Kind.CREATED, created.kind());

        store.create(SYSTEM, patient(sys, "42", "Twin made on purpose"));
        assertEquals(StoreError.MULTIPLE_MATCHES, assertThrows(StoreException.class,
                () -> store.conditionalCreate(SYSTEM, patient(sys, "42", "x"), criteria)).error());
        assertEquals(StoreError.MULTIPLE_MATCHES, assertThrows(StoreException.class,
                () -> store.conditionalDelete(SYSTEM, "Patient", criteria)).error());
        assertEquals(WriteOutcome.Kind.DELETED,
                store.conditionalDelete(SYSTEM, "Patient", "identifier=" + sys + "|43").kind());
        assertEquals(StoreError.UNKNOWN_SEARCH_PARAMETER, assertThrows(StoreException.class,
                () -> store.conditionalCreate(SYSTEM, patient(sys, "1", "x"), "bogus=1")).error());
    }

    @Test
    void concurrentConditionalCreatesNeverMakeTwins() throws Exception {
        FhirStore store = store();
        for (int round = 0; round < 10; round++) {
            String sys = "urn:race:" + UUID.randomUUID();
            String criteria = "identifier=" + sys + "|7";
            Set<String> ids = java.util.Collections.synchronizedSet(new HashSet<>());
            Concurrently.race(3, racer -> ids.add(store.conditionalCreate(SYSTEM, patient(sys, "7", "Race"), criteria).id()));
            assertEquals(1, ids.size(), "all writers got the same resource");
        }
    }

    @Test
    void concurrentUpdateAsCreateWithOneClientIdMakesOneResource() throws Exception {
        FhirStore store = store();
        String id = "race-" + UUID.randomUUID();
        Concurrently.race(4, racer -> {
            Patient p = patient("urn:put", "1", "Writer" + racer);
            p.setId(id);
            store.update(SYSTEM, p);
        });
        assertEquals(4, store.read(SYSTEM, "Patient", id).version(), "one create and three updates");
        assertEquals(4, store.history(SYSTEM, HistoryRequest.instance("Patient", id, 10)).total());
    }

    @Test
    void scopesAndDeniedLabelsOnRead() {
        FhirStore store = store();
        Patient p = patient("urn:sec", "1", "Secret");
        p.getMeta().addSecurity(new Coding("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", null));
        WriteOutcome out = store.create(SYSTEM, p);
        AccessContext denied = TestAccess.context("billing", "HPAYMT", Set.of("system/*.read"),
                Set.of("http://terminology.hl7.org/CodeSystem/v3-Confidentiality|R"));
        assertEquals(StoreError.RESOURCE_NOT_FOUND, assertThrows(StoreException.class,
                () -> store.read(denied, "Patient", out.id())).error());
        AccessContext noPatients = TestAccess.context("obs", "TREAT", Set.of("system/Observation.read"), Set.of());
        assertEquals(StoreError.ACCESS_DENIED, assertThrows(StoreException.class,
                () -> store.read(noPatients, "Patient", out.id())).error());
        assertEquals(StoreError.ACCESS_DENIED, assertThrows(StoreException.class,
                () -> store.create(noPatients, new Patient())).error());
        assertNotNull(store.read(SYSTEM, "Patient", out.id()));
        assertNotEquals(out.id(), store.create(SYSTEM, p).id());
    }
}
