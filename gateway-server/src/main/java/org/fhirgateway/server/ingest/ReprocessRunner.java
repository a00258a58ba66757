package org.fhirgateway.server.ingest;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.DisclosureLog;
import org.fhirgateway.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reprocessing jobs in the background, one at a time on this node (they share the database with the live feeds):
 * start, stop, resume. A real run is audited in the accounting log (an AuditEvent): when it starts (who, why, the
 * job) and when it ends (its state and counts). Jobs a gone node left queued or running (a restart) are marked
 * stopped when this node starts, to be resumed; closing this node stops its job between messages the same way.
 */
final class ReprocessRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReprocessRunner.class);
    static final String INTERACTION = "hl7v2-reprocess";

    private final ReprocessJobs jobs;
    private final ReprocessRun run;
    private final String owner;
    private final DisclosureLog audit;
    private final ExecutorService pool = Executors.newSingleThreadExecutor(LaneWorkers.named("reprocess"));
    private volatile boolean closing;

    ReprocessRunner(ReprocessJobs jobs, ReprocessRun run, String owner, DisclosureLog audit) {
        this.jobs = jobs;
        this.run = run;
        this.owner = owner;
        this.audit = audit;
    }

    ReprocessJobs jobs() {
        return jobs;
    }

    /** Marks the jobs of gone nodes stopped (resumable); logs a failure, never blocks a start. */
    void recover() {
        try {
            int orphans = jobs.stopOrphans();
            if (orphans > 0) {
                LOG.info("{} reprocessing job(s) of a stopped node marked stopped; resume them with"
                        + " $hl7v2-reprocess-resume", orphans);
            }
        } catch (SQLException e) {
            LOG.warn("reprocessing jobs of stopped nodes not checked: {}", e.toString());
        }
    }

    /**
     * Creates the job and queues it. A real run's start is recorded first: when the record cannot be written the job
     * is not created ({@link StoreException}).
     */
    ReprocessJobs.Job start(ReprocessSelection selection, boolean dryRun, String reason, AccessContext caller)
            throws SQLException {
        ReprocessJobs.Job job = jobs.create(new ReprocessJobs.NewJob(selection, dryRun, reason, caller.clientName(),
                caller.purposeOfUse(), caller.policy().name(), owner));
        if (!dryRun) {
            try {
                record(job, "started; reason: " + reason);
            } catch (StoreException e) {
                jobs.stop(job.id(), "audit record failed");
                throw e;
            }
        }
        submit(job.id());
        return job;
    }

    boolean stop(long id, String by) throws SQLException {
        return jobs.stop(id, by);
    }

    boolean resume(long id) throws SQLException {
        if (!jobs.resume(id, owner)) {
            return false;
        }
        submit(id);
        return true;
    }

    private void submit(long id) {
        try {
            pool.execute(() -> runJob(id));
        } catch (RejectedExecutionException e) {
            LOG.info("reprocess job {} stays queued: this node is closing", id);
        }
    }

    private void runJob(long id) {
        try {
            if (closing || !jobs.start(id, owner)) {
                return; // stopped before it started
            }
            LOG.info("reprocess job {} running", id);
            ReprocessRun.End end = run.run(id, () -> closing);
            if (end == ReprocessRun.End.COMPLETED) {
                audited(id, ReprocessState.COMPLETED); // before the state: a completed job's record exists
                jobs.finish(id, ReprocessState.COMPLETED, null);
            } else {
                if (closing) {
                    jobs.stop(id, "interrupted");
                }
                audited(id, ReprocessState.STOPPED);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("reprocess job {} failed: {}", id, e.toString(), e);
            try {
                audited(id, ReprocessState.FAILED);
                jobs.finish(id, ReprocessState.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (SQLException | RuntimeException again) {
                LOG.warn("reprocess job {} left running (stopped at the next start): {}", id, again.toString());
            }
        }
    }

    /** Records a real run's end (completed, stopped or failed) with its counts. */
    private void audited(long id, ReprocessState end) throws SQLException {
        Optional<ReprocessJobs.Job> job = jobs.get(id);
        if (job.isEmpty() || job.get().dryRun()) {
            return;
        }
        ReprocessJobs.Counts n = job.get().counts();
        LOG.info("reprocess job {} {}: {} of {} done, {} failed", id, end.db(), n.done(), n.selected(), n.failed());
        try {
            record(job.get(), end.db() + "; selected=" + n.selected() + " done=" + n.done() + " failed=" + n.failed()
                    + " created=" + n.created() + " changed=" + n.changed() + " unchanged=" + n.unchanged());
        } catch (StoreException e) {
            LOG.warn("reprocess job {}: the audit record of its end could not be written", id);
        }
    }

    private void record(ReprocessJobs.Job job, String what) {
        audit.record(new DisclosureLog.Disclosure(0, System.currentTimeMillis(), job.createdBy(),
                job.purpose() == null ? "HOPERAT" : job.purpose(), job.policy() == null ? "" : job.policy(),
                INTERACTION, "/fhir/$" + INTERACTION + "?job=" + job.id() + " " + what, List.of(),
                List.of("hl7v2-reprocess-job/" + job.id()), List.of(), false, null, null, null), List.of());
    }

    /** Stops the job in hand between messages (it stays resumable) and waits a while for it. */
    @Override
    public void close() {
        closing = true;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("reprocess job still busy after 30 s; it is marked stopped at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
