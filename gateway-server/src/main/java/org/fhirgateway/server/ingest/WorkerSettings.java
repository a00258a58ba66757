package org.fhirgateway.server.ingest;

import java.time.Duration;

/**
 * @param threads lanes applied at the same time by this node
 * @param lease how long a lane lease lasts without renewal (another node takes over after it)
 * @param poll how often the inbox is scanned for waiting lanes when nothing wakes the workers
 * @param batch rows of one lane read at a time
 * @param owner this node's name in lane leases
 */
public record WorkerSettings(int threads, Duration lease, Duration poll, int batch, String owner) {

    public static WorkerSettings defaults(String owner) {
        return new WorkerSettings(Math.max(2, Runtime.getRuntime().availableProcessors()), Duration.ofSeconds(30),
                Duration.ofMillis(200), 50, owner);
    }
}
