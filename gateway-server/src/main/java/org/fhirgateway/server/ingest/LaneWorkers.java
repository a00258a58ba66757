package org.fhirgateway.server.ingest;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies waiting messages lane by lane: one lane (patient) at a time per lane, in receive order, many lanes in
 * parallel. A lane is worked on when a local receive wakes it, and by a periodic scan of the inbox (messages
 * left by a crashed node, other nodes' lanes whose lease expired, lanes that had to wait for a merge).
 */
public final class LaneWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LaneWorkers.class);
    private static final int STOP_WAIT_SECONDS = 30;

    private final InboxQueue queue;
    private final InboxLanes lanes;
    private final NodePresence presence;
    private final LaneDrain drain;
    private final WorkerSettings settings;
    private final ExecutorService pool;
    /** Lanes being worked on here; the value is true when more work was signalled meanwhile. */
    private final ConcurrentHashMap<String, Boolean> active = new ConcurrentHashMap<>();
    private final Thread scanner;
    /** The scanner waits on this between scans; close() wakes it (never an interrupt, see close()). */
    private final Object scanPause = new Object();
    private volatile boolean running = true;

    LaneWorkers(InboxQueue queue, LaneDrain drain, InboxLanes lanes, NodePresence presence, WorkerSettings settings) {
        this.queue = queue;
        this.drain = drain;
        this.lanes = lanes;
        this.presence = presence;
        this.settings = settings;
        this.pool = Executors.newFixedThreadPool(settings.threads(), named("ingest-lane"));
        this.scanner = new Thread(this::scanLoop, "ingest-scan");
        this.scanner.setDaemon(true);
    }

    void start() {
        scanner.start();
    }

    /** A message for this lane was stored here: work on it now (after close: at the next start's scan). */
    void wake(String lane) {
        if (!running) {
            return;
        }
        active.compute(lane, (k, more) -> {
            if (more == null) {
                try {
                    pool.execute(() -> run(lane));
                } catch (RejectedExecutionException closing) {
                    return null;
                }
                return Boolean.FALSE;
            }
            return Boolean.TRUE;
        });
    }

    private void run(String lane) {
        boolean again = true;
        while (again && running) {
            try {
                drain.drain(lane);
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("ingest lane failed, retried on the next scan: {}", e.toString());
                }
            }
            again = active.compute(lane, (k, more) -> Boolean.TRUE.equals(more) ? Boolean.FALSE : null) != null;
        }
    }

    private void scanLoop() {
        long nextSweep = 0;
        while (running) {
            try {
                presence.keep();
                List<String> waiting = queue.waitingLanes(settings.threads() * 8);
                waiting.forEach(this::wake);
                if (System.currentTimeMillis() > nextSweep) {
                    lanes.sweep();
                    nextSweep = System.currentTimeMillis() + settings.lease().toMillis();
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("ingest scan failed: {}", e.toString());
                }
            }
            synchronized (scanPause) {
                try {
                    if (running) {
                        scanPause.wait(settings.poll().toMillis());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Stops taking lanes, lets each worker finish the message in hand, then releases this node's lane leases. No
     * thread is interrupted, so the message in hand finishes its transaction. A worker still busy after
     * {@value #STOP_WAIT_SECONDS} s is left to end on its own, and its leases to expire.
     */
    @Override
    public void close() {
        running = false;
        drain.stop();
        synchronized (scanPause) {
            scanPause.notifyAll();
        }
        pool.shutdown();
        try {
            boolean idle = pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            scanner.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
            if (!idle || scanner.isAlive()) {
                LOG.warn("ingest workers still busy after {} s; their lane leases expire", STOP_WAIT_SECONDS);
                return;
            }
            lanes.releaseAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.warn("lane leases not released; they expire: {}", e.toString());
        } finally {
            presence.close();
        }
    }

    static java.util.concurrent.ThreadFactory named(String prefix) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
