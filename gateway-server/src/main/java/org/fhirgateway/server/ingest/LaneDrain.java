package org.fhirgateway.server.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.server.store.SqlErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Applies the received rows of one lane whose lease this node holds, oldest first. Each row is applied and
 * marked applied in one transaction; a failure marks it failed (with the reason, and the AE/AR for original
 * mode) and HOLDS the lane: its later rows (and merges naming it) stay received until the failed row is replayed
 * (applied first, then the rest in receive order) or skipped. Logs ids and codes only, never message content.
 */
final class LaneDrain {

    private static final Logger LOG = LoggerFactory.getLogger(LaneDrain.class);

    private final InboxQueue queue;
    private final InboxLanes lanes;
    private final MessageApplier applier;
    private final AckFactory acks;
    private final Completions completions;
    private final int batch;
    private final IngestService.Watch watch;
    private volatile boolean stopping;

    LaneDrain(InboxQueue queue, WorkerSettings settings, MessageApplier applier, AckFactory acks, Completions completions,
            IngestService.Watch watch) {
        this.watch = watch;
        this.queue = queue;
        this.lanes = new InboxLanes(queue.dataSource(), settings.owner(), settings.lease());
        this.batch = settings.batch();
        this.applier = applier;
        this.acks = acks;
        this.completions = completions;
    }

    /** Finish the current message, then stop taking more. */
    void stop() {
        stopping = true;
    }

    void drain(String lane) throws SQLException {
        while (!stopping) {
            // read the hold before the rows: a failed row replayed in between is then among the rows read
            Long held = queue.firstFailed(lane);
            List<InboxMessage> rows = queue.next(lane, batch);
            if (rows.isEmpty()) {
                return;
            }
            Long barrier = queue.mergeBarrier(lane);
            boolean reread = false;
            for (int i = 0; i < rows.size() && !reread; i++) {
                InboxMessage row = rows.get(i);
                if (stopping) {
                    return;
                }
                Long heldBy = heldBy(row, held);
                if (heldBy != null) {
                    LOG.debug("inbox {} held behind failed inbox {}", row.id(), heldBy);
                    tellHeld(rows.subList(i, rows.size()), heldBy);
                    return;
                }
                if (barrier != null && row.id() > barrier || row.mergeLane() != null && queue.loserLaneBehind(row)) {
                    LOG.debug("inbox {} waits for an earlier message of a merged patient", row.id());
                    return;
                }
                Result result = applyUnderRequestId(row);
                if (result == Result.LEASE_LOST || result == Result.RETRY_LATER) {
                    return;
                }
                // after a failure the rest of the lane is held; after applying the failed row (replayed meanwhile)
                // the hold read is stale: read the hold, then the rows, again
                reread = result == Result.FAILED || held != null && row.id() >= held;
            }
        }
    }

    private enum Result { APPLIED, FAILED, UNSUPPORTED, LEASE_LOST, RETRY_LATER }

    /** Applies with the request id the row was received under in the MDC, so the apply's log lines carry it. */
    private Result applyUnderRequestId(InboxMessage row) throws SQLException {
        MDC.put(RequestIds.MDC_KEY, watch.requestIds().take(row.id()));
        try {
            return applyOne(row);
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    /** The failed row holding {@code row} (in its lane, or for a merge in the losing patient's lane), or null. */
    private Long heldBy(InboxMessage row, Long laneHeld) throws SQLException {
        Long by = laneHeld != null && laneHeld < row.id() ? laneHeld : null;
        if (row.mergeLane() != null) {
            Long loser = queue.firstFailed(row.mergeLane());
            if (loser != null && loser < row.id() && (by == null || loser < by)) {
                by = loser;
            }
        }
        return by;
    }

    /**
     * ORIGINAL mode: a sender waiting for a held message gets AA now (the message is safely stored and will be
     * applied in order once the lane is released) with an ERR warning naming the failed message, rather than
     * waiting the whole apply wait per message while the lane is held.
     */
    private void tellHeld(List<InboxMessage> held, long failedId) {
        for (InboxMessage row : held) {
            if (row.mode() == AckMode.ORIGINAL) {
                completions.completeIfAwaited(row.id(), () -> {
                    V2Header header = header(row);
                    watch.events().held(header);
                    return new Outcome(InboxStatus.RECEIVED, acks.ack(header, AckCode.AA, heldWarning(failedId)), null);
                });
            }
        }
    }

    static IngestError heldWarning(long failedId) {
        return IngestError.of("HELD", "stored; held behind failed message " + failedId
                + " of this patient, applied in order once that message is replayed or skipped");
    }

    /**
     * LEASE_LOST when the lane lease was lost: stop, the new owner goes on.
     *
     * <p>A conflict with a concurrent transaction rolls the whole transaction back (on PostgreSQL a failed statement
     * leaves it unusable) and applies the message again in a new one, up to {@link #CONFLICT_ATTEMPTS} times: a
     * unique-key violation (two lanes' messages creating the same shared Practitioner or Organization at once; the
     * next attempt finds the winner's resource) or a transient conflict (deadlock, lock timeout, concurrent update).
     * Failing the message instead would hold its patient's lane until an operator acted, for a conflict that
     * resolves itself. When the attempts run out: RETRY_LATER for a transient conflict (the row stays received and
     * the next pass applies it), and FAILED with {@code STORE_CONFLICT} for a unique violation that keeps coming
     * back (not a race any more).
     */
    private Result applyOne(InboxMessage row) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return applyOnce(row);
            } catch (Conflict conflict) {
                SQLException e = conflict.cause;
                boolean unique = SqlErrors.isUniqueViolation(e);
                if (attempt < CONFLICT_ATTEMPTS) {
                    LOG.debug("inbox {}: {} (SQL state {}), attempt {} rolled back, applying again", row.id(),
                            unique ? "unique-key conflict" : "transient conflict", e.getSQLState(), attempt);
                    pause(attempt);
                } else if (unique) {
                    fail(row, IngestError.of("STORE_CONFLICT", "a unique key kept colliding in " + attempt
                            + " attempts: " + e.getMessage()), AckCode.AE);
                    return Result.FAILED;
                } else {
                    LOG.info("inbox {}: transient database conflict (SQL state {}), applied on a later pass", row.id(),
                            e.getSQLState());
                    return Result.RETRY_LATER;
                }
            }
        }
    }

    static final int CONFLICT_ATTEMPTS = 5;

    /** A conflict with a concurrent transaction: this attempt was rolled back, the message may be tried again. */
    private static final class Conflict extends Exception {
        final SQLException cause;

        Conflict(SQLException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    /** One attempt in one transaction: claim, apply, mark applied, commit. */
    private Result applyOnce(InboxMessage row) throws SQLException, Conflict {
        IngestError error;
        AckCode nack = AckCode.AE;
        MessageApplier.Applied applied = null;
        long started = System.nanoTime();
        try (Connection tx = queue.dataSource().getConnection()) {
            tx.setAutoCommit(false);
            try {
                if (!claim(tx, row)) {
                    tx.rollback();
                    return Result.LEASE_LOST;
                }
                applied = applier.apply(tx, row);
                InboxQueue.RowAcks made = rowAcks(row, AckCode.AA, null);
                queue.markApplied(tx, row.id(), applied, made);
                tx.commit();
                MessageApplier.Applied done = applied;
                applied = null; // committed: no rollback ending below
                done.ending().ended(true);
                LOG.info("inbox {} applied", row.id());
                watch.events().applied(header(row), System.nanoTime() - started);
                announce(row, new Outcome(InboxStatus.APPLIED, made.ack(), null));
                return Result.APPLIED;
            } catch (MappingException e) {
                tx.rollback();
                error = IngestError.at(e.code().name(), e.segment(), e.field(), e.getMessage());
                if (e.code() == MappingException.Code.UNSUPPORTED_MESSAGE_TYPE) {
                    unsupported(row, error);
                    return Result.UNSUPPORTED;
                }
                nack = AckCode.AR;
            } catch (MessageApplier.Failed e) {
                tx.rollback();
                error = IngestError.of(e.code(), e.getMessage());
            } catch (SQLException e) {
                rollbackUnlessUnavailable(tx, e);
                if (SqlErrors.isRetryable(e)) {
                    throw new Conflict(e);
                }
                error = IngestError.storeFailed(e);
            } catch (RuntimeException e) {
                rollbackUnlessUnavailable(tx, e);
                error = IngestError.storeFailed(e);
            } finally {
                if (applied != null) {
                    applied.ending().ended(false);
                }
            }
        }
        fail(row, error, nack);
        return Result.FAILED;
    }

    /**
     * Rolls back; but when the database is unavailable (it went away mid-apply) the message is not at fault and must
     * not be failed: the lane is left to the next scan, which applies it once the database is back.
     */
    private static void rollbackUnlessUnavailable(Connection tx, Exception cause) throws SQLException {
        if (SqlErrors.isUnavailable(cause)) {
            throw cause instanceof SQLException sql ? sql : new SQLException("database unavailable", "08006", cause);
        }
        tx.rollback();
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes the lane lease (and the losing patient's, for a merge) and locks the row, all inside {@code tx}. */
    private boolean claim(Connection tx, InboxMessage row) throws SQLException {
        return lanes.takeFor(tx, row) && queue.lockReceived(tx, row.id());
    }

    /**
     * The mappers do not support the message's type/event: it is stored {@code unsupported} (replayable once they
     * do), answered AA with an ERR warning or AR as its sender is set up, and does not hold its lane.
     */
    private void unsupported(InboxMessage row, IngestError error) throws SQLException {
        LOG.info("inbox {} unsupported: {}", row.id(), error.code());
        InboxQueue.RowAcks made = rowAcks(row, acks.unsupportedAnswer(header(row)), error);
        queue.markUnsupported(row.id(), error, made);
        announce(row, new Outcome(InboxStatus.UNSUPPORTED, made.ack(), error));
    }

    /** @param nack AR when the message itself is at fault, AE when the gateway failed to apply it */
    private void fail(InboxMessage row, IngestError error, AckCode nack) throws SQLException {
        LOG.info("inbox {} failed: {}", row.id(), error.code());
        InboxQueue.RowAcks made = rowAcks(row, nack, error);
        queue.markFailed(row.id(), error, made);
        watch.events().failed(header(row), error.code());
        announce(row, new Outcome(InboxStatus.FAILED, made.ack(), error));
    }

    /** ORIGINAL: the ACK to send; ENHANCED: the application ACK MSH-16 asks for (AL or empty: always, SU, ER). */
    private InboxQueue.RowAcks rowAcks(InboxMessage row, AckCode code, IngestError error) {
        if (row.mode() == AckMode.ORIGINAL) {
            return new InboxQueue.RowAcks(acks.ack(header(row), code, error), null);
        }
        V2Header header = header(row);
        if (row.mode() != AckMode.ENHANCED || header == null) {
            return new InboxQueue.RowAcks(null, null);
        }
        boolean wanted = switch (header.applicationAckType()) {
            case "NE" -> false;
            case "SU" -> code.positive();
            case "ER" -> !code.positive();
            default -> true;
        };
        return new InboxQueue.RowAcks(null, wanted ? acks.ack(header, code, error) : null);
    }

    private void announce(InboxMessage row, Outcome outcome) {
        if (row.mode() == AckMode.ORIGINAL) {
            completions.completeAwaited(row.id(), outcome);
        } else {
            completions.complete(row.id(), outcome);
        }
    }

    private static V2Header header(InboxMessage row) {
        try {
            return V2HeaderReader.read(row.text());
        } catch (MappingException e) {
            return null; // stored rows always had a readable header; answer with the generic one if not
        }
    }
}
