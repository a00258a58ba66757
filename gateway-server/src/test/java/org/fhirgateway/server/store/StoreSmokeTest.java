package org.fhirgateway.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.context.FhirContext;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.testing.TestDatabases;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StoreSmokeTest {

    static final TestDatabases.PerClass DBS = new TestDatabases.PerClass();

    @AfterAll
    static void close() {
        DBS.close();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void createAndRead(TestDatabases.Kind kind) {
        StorageEngine engine = StorageEngine.open(DBS.get(kind), FhirContext.forR4Cached());
        Patient p = new Patient();
        p.addName().setFamily("Smoke");
        WriteOutcome out = engine.store().create(AccessContext.system(), p);
        StoredResource read = engine.store().read(AccessContext.system(), "Patient", out.id());
        assertEquals("Smoke", ((Patient) read.resource()).getNameFirstRep().getFamily());
        assertEquals(1, read.version());
    }
}
