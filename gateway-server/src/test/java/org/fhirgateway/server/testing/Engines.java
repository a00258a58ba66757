package org.fhirgateway.server.testing;

import ca.uhn.fhir.context.FhirContext;
import org.fhirgateway.server.search.StorageEngine;

/** A {@link StorageEngine} for the tests of one class, on a database from {@link TestDatabases}. */
public final class Engines implements AutoCloseable {

    private final TestDatabases.PerClass databases = new TestDatabases.PerClass();
    private StorageEngine engine;

    public synchronized StorageEngine get() {
        if (engine == null) {
            engine = StorageEngine.open(databases.get(), FhirContext.forR4Cached());
        }
        return engine;
    }

    public TestDatabases.PerClass databases() {
        return databases;
    }

    @Override
    public synchronized void close() {
        engine = null;
        databases.close();
    }
}
