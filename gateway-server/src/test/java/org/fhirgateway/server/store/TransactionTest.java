package org.fhirgateway.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.SearchRequest;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.testing.Engines;
import org.fhirgateway.server.testing.Concurrently;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;

/** Transaction and batch Bundles on PostgreSQL. */
class TransactionTest {

    static final Engines ENGINES = new Engines();
    static final AccessContext SYSTEM = AccessContext.system();

    @AfterAll
    static void close() {
        ENGINES.close();
    }

    /** Patient (conditional create), Encounter and Observation referencing it by urn:uuid. */
    static Bundle admission(String sys, String mrn) {
        Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Patient p = new Patient();
        p.addIdentifier().setSystem(sys).setValue(mrn);
        p.addName().setFamily("Tx");
        b.addEntry().setFullUrl("urn:uuid:11111111-1111-1111-1111-111111111111").setResource(p).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient").setIfNoneExist("identifier=" + sys + "|" + mrn);
        Encounter e = new Encounter();
        e.addIdentifier().setSystem(sys + ":visit").setValue(mrn + "-v1");
        e.setStatus(Encounter.EncounterStatus.INPROGRESS);
        e.setSubject(new Reference("urn:uuid:11111111-1111-1111-1111-111111111111"));
        b.addEntry().setFullUrl("urn:uuid:22222222-2222-2222-2222-222222222222").setResource(e).getRequest()
                .setMethod(Bundle.HTTPVerb.PUT).setUrl("Encounter?identifier=" + sys + ":visit|" + mrn + "-v1");
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
        o.setSubject(new Reference("urn:uuid:11111111-1111-1111-1111-111111111111"));
        o.setEncounter(new Reference("urn:uuid:22222222-2222-2222-2222-222222222222"));
        b.addEntry().setResource(o).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        return b;
    }

    static long count(StorageEngine engine, String type, String query) {
        return engine.search().search(SYSTEM, SearchRequest.of(type, query)).total().orElseThrow();
    }

    @Test
    void transactionResolvesUrnUuidAndConditionalEntries() {
        StorageEngine engine = ENGINES.get();
        String sys = "urn:mrn:" + UUID.randomUUID();
        Bundle response = engine.store().transaction(SYSTEM, admission(sys, "100"));
        assertEquals(Bundle.BundleType.TRANSACTIONRESPONSE, response.getType());
        assertEquals(3, response.getEntry().size());
        for (Bundle.BundleEntryComponent e : response.getEntry()) {
            assertEquals("201 Created", e.getResponse().getStatus());
            assertTrue(e.getResponse().getLocation().matches("\\w+/[^/]+/_history/1"), e.getResponse().getLocation());
            assertEquals("W/\"1\"", e.getResponse().getEtag());
        }
        String patientRef = response.getEntry().get(0).getResponse().getLocation().replaceAll("/_history/.*", "");
        String encounterRef = response.getEntry().get(1).getResponse().getLocation().replaceAll("/_history/.*", "");
        String obsId = response.getEntry().get(2).getResponse().getLocation().split("/")[1];
        Observation stored = (Observation) engine.store().read(SYSTEM, "Observation", obsId).resource();
        assertEquals(patientRef, stored.getSubject().getReference());
        assertEquals(encounterRef, stored.getEncounter().getReference());

        Bundle again = engine.store().transaction(SYSTEM, admission(sys, "100"));
        assertEquals("200 OK", again.getEntry().get(0).getResponse().getStatus(), "ifNoneExist matched");
        assertEquals(patientRef + "/_history/1", again.getEntry().get(0).getResponse().getLocation());
        assertEquals("200 OK", again.getEntry().get(1).getResponse().getStatus(), "conditional PUT updated");
        assertEquals(1, count(engine, "Patient", "identifier=" + sys + "|100"));
        assertEquals(1, count(engine, "Encounter", "identifier=" + sys + ":visit|100-v1"));
        assertEquals(2, count(engine, "Observation", "subject=" + patientRef));
    }

    @Test
    void conditionalReferencesAndDeletes() {
        StorageEngine engine = ENGINES.get();
        String sys = "urn:mrn:" + UUID.randomUUID();
        engine.store().transaction(SYSTEM, admission(sys, "200"));
        Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setSubject(new Reference("Patient?identifier=" + sys + "|200"));
        b.addEntry().setResource(o).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        b.addEntry().getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl("Encounter?identifier=" + sys + ":visit|200-v1");
        b.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient?identifier=" + sys + "|200");
        Bundle response = engine.store().transaction(SYSTEM, b);
        assertEquals("201 Created", response.getEntry().get(0).getResponse().getStatus());
        assertEquals("204 No Content", response.getEntry().get(1).getResponse().getStatus());
        Bundle searchset = (Bundle) response.getEntry().get(2).getResource();
        assertEquals(1, searchset.getTotal());
        String patientId = searchset.getEntryFirstRep().getResource().getIdElement().getIdPart();
        String obsId = response.getEntry().get(0).getResponse().getLocation().split("/")[1];
        assertEquals("Patient/" + patientId, ((Observation) engine.store().read(SYSTEM, "Observation", obsId)
                .resource()).getSubject().getReference());
        assertEquals(0, count(engine, "Encounter", "identifier=" + sys + ":visit|200-v1"));
    }

    /**
     * The index, version and change rows of a transaction's writes are sent in batches before its next query: the
     * GET entries, run after every write of the bundle, must see the new index rows and the new version.
     */
    @Test
    void readsInATransactionSeeItsOwnWrites() {
        StorageEngine engine = ENGINES.get();
        String sys = "urn:mrn:" + UUID.randomUUID();
        String family = "Own" + UUID.randomUUID().toString().substring(0, 8);
        engine.store().transaction(SYSTEM, admission(sys, "400"));
        String existingId = engine.search().search(SYSTEM, SearchRequest.of("Patient", "identifier=" + sys + "|400"))
                .matches().get(0).getIdElement().getIdPart();
        Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Patient renamed = new Patient();
        renamed.setId(existingId);
        renamed.addIdentifier().setSystem(sys).setValue("400");
        renamed.addName().setFamily(family);
        b.addEntry().setResource(renamed).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient/" + existingId);
        Patient added = new Patient();
        added.addIdentifier().setSystem(sys).setValue("401");
        added.addName().setFamily(family);
        b.addEntry().setFullUrl("urn:uuid:33333333-3333-3333-3333-333333333333").setResource(added).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        b.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient?family:exact=" + family);
        b.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient?identifier=" + sys + "|401");
        b.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + existingId);
        Bundle response = engine.store().transaction(SYSTEM, b);

        assertEquals(2, ((Bundle) response.getEntry().get(2).getResource()).getTotal(), "both by the new name");
        assertEquals(1, ((Bundle) response.getEntry().get(3).getResource()).getTotal(), "the new one by identifier");
        Patient read = (Patient) response.getEntry().get(4).getResource();
        assertEquals(family, read.getNameFirstRep().getFamily());
        assertEquals("2", read.getMeta().getVersionId());
        assertEquals(2, count(engine, "Patient", "family:exact=" + family), "and after the commit");
        assertEquals(0, count(engine, "Patient", "family:exact=Tx&identifier=" + sys + "|400"), "old name gone");
    }

    @Test
    void failedTransactionPersistsNothing() {
        StorageEngine engine = ENGINES.get();
        String sys = "urn:mrn:" + UUID.randomUUID();
        Bundle b = admission(sys, "300");
        Observation bad = new Observation();
        bad.setSubject(new Reference("Patient?identifier=" + sys + "|does-not-exist"));
        b.addEntry().setResource(bad).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        StoreException ex = assertThrows(StoreException.class, () -> engine.store().transaction(SYSTEM, b));
        assertEquals(StoreError.UNRESOLVED_REFERENCE, ex.error());
        assertEquals(0, count(engine, "Patient", "identifier=" + sys + "|300"));
        assertEquals(0, count(engine, "Encounter", "identifier=" + sys + ":visit|300-v1"));

        Bundle conflict = admission(sys, "301");
        Patient p = new Patient();
        p.setId("tx-" + UUID.randomUUID());
        conflict.addEntry().setResource(p).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient/" + p.getIdPart())
                .setIfMatch("W/\"4\"");
        assertThrows(VersionConflictException.class, () -> engine.store().transaction(SYSTEM, conflict));
        assertEquals(0, count(engine, "Patient", "identifier=" + sys + "|301"));
    }

    @Test
    void batchReportsEachEntry() {
        StorageEngine engine = ENGINES.get();
        String sys = "urn:mrn:" + UUID.randomUUID();
        Bundle b = new Bundle().setType(Bundle.BundleType.BATCH);
        Patient good = new Patient();
        good.addIdentifier().setSystem(sys).setValue("1");
        b.addEntry().setResource(good).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        b.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/does-not-exist");
        Observation bad = new Observation();
        bad.setSubject(new Reference("urn:uuid:99999999-9999-9999-9999-999999999999"));
        b.addEntry().setResource(bad).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        Bundle response = engine.store().transaction(SYSTEM, b);
        assertEquals(Bundle.BundleType.BATCHRESPONSE, response.getType());
        assertEquals("201 Created", response.getEntry().get(0).getResponse().getStatus());
        assertEquals("404 Not Found", response.getEntry().get(1).getResponse().getStatus());
        assertEquals("400 Bad Request", response.getEntry().get(2).getResponse().getStatus());
        assertTrue(response.getEntry().get(2).getResponse().getOutcome() != null);
        assertEquals(1, count(engine, "Patient", "identifier=" + sys + "|1"));
    }

    @Test
    void concurrentTransactionsShareOnePatient() throws Exception {
        StorageEngine engine = ENGINES.get();
        String sys = "urn:mrn:" + UUID.randomUUID();
        Set<String> patients = java.util.Collections.synchronizedSet(new HashSet<>());
        Concurrently.race(4, racer -> {
            Bundle r = engine.store().transaction(SYSTEM, admission(sys, "400"));
            patients.add(r.getEntry().get(0).getResponse().getLocation().replaceAll("/_history/.*", ""));
        });
        assertEquals(1, patients.size());
        assertEquals(1, count(engine, "Patient", "identifier=" + sys + "|400"));
        assertEquals(1, count(engine, "Encounter", "identifier=" + sys + ":visit|400-v1"));
    }
}
