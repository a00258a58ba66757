package org.fhirgateway.server.ingest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** In-process notice from a worker to the listener waiting to answer a message in original (applied) mode. */
final class Completions {

    private final ConcurrentMap<Long, CompletableFuture<Outcome>> waiting = new ConcurrentHashMap<>();

    CompletableFuture<Outcome> expect(long id) {
        return waiting.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    void forget(long id) {
        waiting.remove(id);
    }

    void complete(long id, Outcome outcome) {
        CompletableFuture<Outcome> future = waiting.remove(id);
        if (future != null) {
            future.complete(outcome);
        }
    }
}
