package org.fhirgateway.server.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** Races: runs one task on several threads released at the same instant, for tests of concurrent writers. */
public final class Concurrently {

    /** One racer's work; {@code racer} is 0 to threads-1. */
    @FunctionalInterface
    public interface Racer {
        void run(int racer) throws Exception;
    }

    private Concurrently() {
    }

    /** Starts {@code threads} racers together, waits for all, and throws the first failure (wrapped). */
    public static void race(int threads, Racer task) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int racer = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    task.run(racer);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "racer-" + t);
            thread.start();
            started.add(thread);
        }
        start.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a racer failed: " + failure.get(), failure.get());
        }
    }
}
