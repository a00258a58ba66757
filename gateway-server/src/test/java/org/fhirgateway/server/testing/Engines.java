package org.fhirgateway.server.testing;

import ca.uhn.fhir.context.FhirContext;
import java.util.EnumMap;
import java.util.Map;
import org.fhirgateway.server.search.StorageEngine;

/** One {@link StorageEngine} per database kind for the tests of one class (databases from {@link TestDatabases}). */
public final class Engines implements AutoCloseable {

    private final TestDatabases.PerClass databases = new TestDatabases.PerClass();
    private final Map<TestDatabases.Kind, StorageEngine> engines = new EnumMap<>(TestDatabases.Kind.class);

    public synchronized StorageEngine get(TestDatabases.Kind kind) {
        return engines.computeIfAbsent(kind, k -> StorageEngine.open(databases.get(k), FhirContext.forR4Cached()));
    }

    public TestDatabases.PerClass databases() {
        return databases;
    }

    @Override
    public synchronized void close() {
        engines.clear();
        databases.close();
    }
}
