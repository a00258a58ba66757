package org.fhirgateway.server.ingest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** In-process notice from a worker to the listener waiting to answer a message in original (applied) mode. */
final class Completions {

    private static final int KEPT_MAX = 10_000;

    private final ConcurrentMap<Long, CompletableFuture<Outcome>> waiting = new ConcurrentHashMap<>();

    CompletableFuture<Outcome> expect(long id) {
        return waiting.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    void forget(long id) {
        waiting.remove(id);
    }

    /** For a message nobody waits for (IMMEDIATE, ENHANCED): wakes a waiter if there is one. */
    void complete(long id, Outcome outcome) {
        CompletableFuture<Outcome> future = waiting.remove(id);
        if (future != null) {
            future.complete(outcome);
        }
    }

    /** Wakes the listener waiting for {@code id}, if one waits; the outcome is only built then. */
    void completeIfAwaited(long id, java.util.function.Supplier<Outcome> outcome) {
        CompletableFuture<Outcome> future = waiting.remove(id);
        if (future != null) {
            future.complete(outcome.get());
        }
    }

    /**
     * For an ORIGINAL-mode message: its listener waits, but a worker may finish it before the listener registered
     * (the periodic scan can take a row the moment it commits): the outcome is kept for {@link #expect}.
     */
    void completeAwaited(long id, Outcome outcome) {
        waiting.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(outcome);
        if (waiting.size() > KEPT_MAX) {
            // outcomes nobody came for (replays, rows left by a crash): drop them, the inbox has them
            waiting.values().removeIf(CompletableFuture::isDone);
        }
    }
}
