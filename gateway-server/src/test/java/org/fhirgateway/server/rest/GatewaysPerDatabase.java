package org.fhirgateway.server.rest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.fhirgateway.server.testing.TestDatabases;

/** One running gateway per database kind for the tests of a class, started on first use. */
final class GatewaysPerDatabase implements AutoCloseable {

    private final Map<TestDatabases.Kind, RunningGateway> running = new EnumMap<>(TestDatabases.Kind.class);

    synchronized RunningGateway get(TestDatabases.Kind kind) throws Exception {
        RunningGateway gateway = running.get(kind);
        if (gateway == null) {
            Path dir = Files.createTempDirectory("gw-rest-" + kind);
            gateway = RunningGateway.start(dir, kind);
            running.put(kind, gateway);
        }
        return gateway;
    }

    @Override
    public synchronized void close() throws Exception {
        for (RunningGateway gateway : running.values()) {
            gateway.close();
        }
        running.clear();
    }
}
