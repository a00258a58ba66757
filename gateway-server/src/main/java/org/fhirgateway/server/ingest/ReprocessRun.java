package org.fhirgateway.server.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.server.store.SqlErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one reprocessing job from its position to the end of its selection, one patient (lane) at a time in lane
 * order, then inbox id: the order the lane workers applied the messages. Each patient's run of messages is first
 * rehearsed ({@link ReprocessRehearsal}); a dry run records that report. A real run then applies the messages one
 * by one, each in its own transaction through the same applier the workers use, with the lane lease, the inbox row
 * (bundle, touched, reprocessed_at) and the job's record and position in the same commit; only when the rehearsal
 * found something to create or change. A message that fails is recorded in the job, its inbox row is left as it was,
 * and the job goes on. The job's stored state is read before each message, so a stop from any node takes effect
 * between messages. Logs ids and codes only.
 */
final class ReprocessRun {

    private static final Logger LOG = LoggerFactory.getLogger(ReprocessRun.class);
    /** Messages of one lane rehearsed in one transaction at most. */
    static final int CHUNK = 50;
    private static final int CONFLICT_ATTEMPTS = 5;

    private final ReprocessJobs jobs;
    private final InboxLanes lanes;
    private final MessageApplier applier;
    private final ReprocessRehearsal rehearsal;

    ReprocessRun(ReprocessJobs jobs, InboxLanes lanes, MessageApplier applier) {
        this.jobs = jobs;
        this.lanes = lanes;
        this.applier = applier;
        this.rehearsal = new ReprocessRehearsal(jobs.dataSource(), lanes, applier);
    }

    /** How a run ended: every selected message done, or stopped (by an administrator, or the node closing). */
    enum End { COMPLETED, STOPPED }

    /** @param closing true once this node shuts down: the job stops between messages */
    End run(long jobId, BooleanSupplier closing) throws SQLException {
        ReprocessJobs.Job job = jobs.get(jobId).orElseThrow();
        String lane = job.positionLane();
        Long id = job.positionId();
        while (true) {
            if (stopped(jobId, closing)) {
                return End.STOPPED;
            }
            List<ReprocessJobs.Row> rows = jobs.next(job, lane, id, CHUNK);
            if (rows.isEmpty()) {
                return End.COMPLETED;
            }
            ReprocessRehearsal.Plan plan = rehearse(rows, jobId, closing);
            if (plan == null) {
                return End.STOPPED;
            }
            if (job.dryRun() || !plan.changes()) {
                jobs.recordDone(jobId, rows, plan.items());
            } else {
                for (int i = 0; i < rows.size(); i++) {
                    if (i > 0 && stopped(jobId, closing)) {
                        return End.STOPPED;
                    }
                    ReprocessJobs.Item planned = plan.items().get(i);
                    if (planned.errorCode() != null) {
                        jobs.recordDone(jobId, List.of(rows.get(i)), List.of(planned)); // fails the same way
                    } else {
                        apply(job, rows.get(i), planned);
                    }
                }
            }
            ReprocessJobs.Row last = rows.get(rows.size() - 1);
            lane = last.message().lane();
            id = last.message().id();
        }
    }

    private boolean stopped(long jobId, BooleanSupplier closing) throws SQLException {
        return closing.getAsBoolean() || jobs.state(jobId).orElse(ReprocessState.STOPPED) != ReprocessState.RUNNING;
    }

    /** The rehearsal, again after a conflict or while another node holds the lane; null when stopped meanwhile. */
    private ReprocessRehearsal.Plan rehearse(List<ReprocessJobs.Row> rows, long jobId, BooleanSupplier closing)
            throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return rehearsal.rehearse(rows);
            } catch (ReprocessRehearsal.LaneBusy busy) {
                pause(attempt);
            } catch (SQLException e) {
                if (!SqlErrors.isRetryable(e) || attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
            if (stopped(jobId, closing)) {
                return null;
            }
        }
    }

    /** Applies one message for real, or records why it failed; the rehearsal's report line is what is recorded. */
    private void apply(ReprocessJobs.Job job, ReprocessJobs.Row row, ReprocessJobs.Item planned) throws SQLException {
        ReprocessJobs.Item failure = null;
        for (int attempt = 1; attempt <= CONFLICT_ATTEMPTS * 20; attempt++) {
            try {
                if (applyOnce(job, row, planned)) {
                    LOG.info("reprocess job {}: inbox {} applied again", job.id(), row.message().id());
                    return;
                }
                pause(Math.min(attempt, 5)); // another node holds the lane: wait for it
                continue;
            } catch (MappingException e) {
                failure = failed(row, e.code().name(), e.getMessage());
            } catch (MessageApplier.Failed e) {
                failure = failed(row, e.code(), e.getMessage());
            } catch (SQLException e) {
                if (SqlErrors.isUnavailable(e)) {
                    throw e;
                }
                if (SqlErrors.isRetryable(e) && attempt < CONFLICT_ATTEMPTS) {
                    pause(attempt);
                    continue;
                }
                failure = failed(row, IngestError.storeFailed(e));
            } catch (StatusChanged e) {
                failure = failed(row, "STATUS_CHANGED", "the message's status changed since it was selected");
            } catch (RuntimeException e) {
                failure = failed(row, IngestError.storeFailed(e));
            }
            break;
        }
        if (failure == null) {
            failure = failed(row, "LANE_BUSY", "the patient's lane stayed held by another node");
        }
        LOG.info("reprocess job {}: inbox {} failed: {}", job.id(), row.message().id(), failure.errorCode());
        jobs.recordDone(job.id(), List.of(row), List.of(failure));
    }

    /** The row is no longer in a selected status (replayed, skipped or applied by another job meanwhile). */
    private static final class StatusChanged extends Exception {
        StatusChanged() {
            super("status changed", null, false, false);
        }
    }

    /** One attempt in one transaction; false when the lane is held by another node. */
    private boolean applyOnce(ReprocessJobs.Job job, ReprocessJobs.Row row, ReprocessJobs.Item planned)
            throws MappingException, MessageApplier.Failed, SQLException, StatusChanged {
        InboxMessage m = row.message();
        MessageApplier.Applied applied = null;
        boolean committed = false;
        try (Connection tx = jobs.dataSource().getConnection()) {
            tx.setAutoCommit(false);
            try {
                if (!lanes.takeFor(tx, m)) {
                    return false;
                }
                lockSelected(tx, job, m.id());
                applied = applier.apply(tx, m);
                markReprocessed(tx, job.id(), m.id(), applied);
                jobs.recordDone(tx, job.id(), row, planned);
                tx.commit();
                committed = true;
                return true;
            } finally {
                if (!committed) {
                    tx.rollback();
                }
                if (applied != null) {
                    applied.ending().ended(committed);
                }
            }
        }
    }

    private static void lockSelected(Connection tx, ReprocessJobs.Job job, long inboxId)
            throws SQLException, StatusChanged {
        try (PreparedStatement ps = tx.prepareStatement("SELECT status FROM inbox WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, inboxId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !job.selection().statuses().contains(InboxStatus.fromDb(rs.getString(1)))) {
                    throw new StatusChanged();
                }
            }
        }
    }

    /**
     * The message's row now says what it wrote; a failed message that applied is applied (its lane's hold ends).
     * received_at, the ACKs sent and the attempts stay: the row keeps its history.
     */
    private static void markReprocessed(Connection tx, long jobId, long inboxId, MessageApplier.Applied applied)
            throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("UPDATE inbox SET status = 'applied', bundle_json = ?,"
                + " touched = ?, error_code = NULL, error_text = NULL, processed_at = COALESCE(processed_at, ?),"
                + " reprocessed_at = ?, reprocess_job = ? WHERE id = ?")) {
            ps.setString(1, applied.bundleJson());
            ps.setString(2, String.join("\n", applied.touched()));
            OffsetDateTime now = ReprocessJobs.now();
            ps.setObject(3, now);
            ps.setObject(4, now);
            ps.setLong(5, jobId);
            ps.setLong(6, inboxId);
            ps.executeUpdate();
        }
    }

    private static ReprocessJobs.Item failed(ReprocessJobs.Row row, String code, String text) {
        return new ReprocessJobs.Item(row.message().id(), row.messageType(), "failed", 0, 0, 0, List.of(), code, text);
    }

    private static ReprocessJobs.Item failed(ReprocessJobs.Row row, IngestError error) {
        return failed(row, error.code(), error.text());
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(10, 40L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
