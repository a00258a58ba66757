package org.fhirgateway.server.rest;

import java.nio.file.Files;
import java.nio.file.Path;

/** One running gateway (standard test clients, fresh database) for the tests of a class, started on first use. */
final class SharedGateway implements AutoCloseable {

    private RunningGateway running;

    synchronized RunningGateway get() throws Exception {
        if (running == null) {
            Path dir = Files.createTempDirectory("gw-rest");
            running = RunningGateway.start(dir);
        }
        return running;
    }

    @Override
    public synchronized void close() throws Exception {
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
