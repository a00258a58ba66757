package org.fhirgateway.server.store;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Background housekeeping of the database: a task on its own daemon thread, a fixed delay between runs. */
public final class PeriodicTask implements AutoCloseable {

    private final ScheduledExecutorService timer;

    private PeriodicTask(String threadName) {
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} every {@code period} (after a first wait of one period); the task handles its failures. */
    public static PeriodicTask start(String threadName, Runnable task, long period, TimeUnit unit) {
        PeriodicTask periodic = new PeriodicTask(threadName);
        periodic.timer.scheduleWithFixedDelay(task, period, period, unit);
        return periodic;
    }

    /**
     * Stops the task, waiting up to 10 s for a run in progress to finish its transaction (it is not interrupted).
     */
    @Override
    public void close() {
        timer.shutdown();   // cancels the next runs (the executor's default for periodic tasks)
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
