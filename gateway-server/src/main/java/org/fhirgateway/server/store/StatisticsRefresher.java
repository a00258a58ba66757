package org.fhirgateway.server.store;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the optimizer statistics ({@link Database#analyze()}) in the background as the store grows: after 500
 * written resources, then each time the count has grown by half (at most every 100,000). PostgreSQL plans from
 * statistics, and a server with autovacuum off (or lagging behind a bulk load) keeps the plans of empty tables:
 * conditional lookups then scan every resource of the type. One ANALYZE at a time, on a daemon thread; a failure is logged and retried at the next step.
 */
final class StatisticsRefresher {

    private static final Logger LOG = LoggerFactory.getLogger(StatisticsRefresher.class);
    private static final long FIRST = 500;
    private static final long MAX_STEP = 100_000;

    private final Database database;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong next = new AtomicLong(FIRST);
    private final AtomicBoolean running = new AtomicBoolean();

    StatisticsRefresher(Database database) {
        this.database = database;
    }

    /** Counts resources written by a committed transaction; may start a background ANALYZE. */
    void written(int resources) {
        if (resources == 0) {
            return;
        }
        long total = written.addAndGet(resources);
        long due = next.get();
        if (total < due || !running.compareAndSet(false, true)) {
            return;
        }
        next.set(total + Math.min(MAX_STEP, Math.max(FIRST, total / 2)));
        Thread thread = new Thread(() -> {
            try {
                database.analyze();
            } catch (RuntimeException e) {
                LOG.warn("background ANALYZE failed: {}", e.getMessage());
            } finally {
                running.set(false);
            }
        }, "gateway-analyze");
        thread.setDaemon(true);
        thread.start();
    }
}
