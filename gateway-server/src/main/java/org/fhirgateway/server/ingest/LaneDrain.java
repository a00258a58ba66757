package org.fhirgateway.server.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.fhirgateway.mappers.MappingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the received rows of one lane whose lease this node holds, oldest first. Each row is applied and
 * marked applied in one transaction; a failure marks it failed (with the reason, and the AE/AR for original
 * mode) and the lane goes on. Logs ids and codes only, never message content.
 */
final class LaneDrain {

    private static final Logger LOG = LoggerFactory.getLogger(LaneDrain.class);

    private final InboxQueue queue;
    private final MessageApplier applier;
    private final AckFactory acks;
    private final Completions completions;
    private final WorkerSettings settings;

    LaneDrain(InboxQueue queue, MessageApplier applier, AckFactory acks, Completions completions,
            WorkerSettings settings) {
        this.queue = queue;
        this.applier = applier;
        this.acks = acks;
        this.completions = completions;
        this.settings = settings;
    }

    void drain(String lane) throws SQLException {
        while (true) {
            List<InboxMessage> rows = queue.next(lane, settings.batch());
            if (rows.isEmpty()) {
                return;
            }
            for (InboxMessage row : rows) {
                if (queue.mustWait(row)) {
                    LOG.debug("inbox {} waits for an earlier merge", row.id());
                    return;
                }
                if (!applyOne(row)) {
                    return;
                }
            }
        }
    }

    /** False when the lane lease was lost: stop, the new owner goes on. */
    private boolean applyOne(InboxMessage row) throws SQLException {
        IngestError error;
        AckCode nack = AckCode.AE;
        try (Connection tx = queue.dataSource().getConnection()) {
            tx.setAutoCommit(false);
            try {
                OffsetDateTime until = OffsetDateTime.now(ZoneOffset.UTC).plus(settings.lease());
                if (!queue.claim(tx, row, settings.owner(), until)) {
                    tx.rollback();
                    return false;
                }
                MessageApplier.Applied applied = applier.apply(tx, row);
                String ack = row.mode() == AckMode.ORIGINAL ? acks.ack(header(row), AckCode.AA, null) : null;
                queue.markApplied(tx, row.id(), applied, ack);
                tx.commit();
                completions.complete(row.id(), new Outcome(InboxStatus.APPLIED, ack, null));
                return true;
            } catch (MappingException e) {
                tx.rollback();
                error = IngestError.at(e.code().name(), e.segment(), e.field(), e.getMessage());
                nack = AckCode.AR;
            } catch (MessageApplier.Failed e) {
                tx.rollback();
                error = IngestError.of(e.code(), e.getMessage());
            } catch (SQLException | RuntimeException e) {
                tx.rollback();
                error = IngestError.of("STORE_FAILED", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        fail(row, error, nack);
        return true;
    }

    /** @param nack AR when the message itself is at fault, AE when the gateway failed to apply it */
    private void fail(InboxMessage row, IngestError error, AckCode nack) throws SQLException {
        LOG.info("inbox {} failed: {}", row.id(), error.code());
        String ack = null;
        if (row.mode() == AckMode.ORIGINAL) {
            ack = acks.ack(header(row), nack, error);
        }
        queue.markFailed(row.id(), error, ack);
        completions.complete(row.id(), new Outcome(InboxStatus.FAILED, ack, error));
    }

    private static V2Header header(InboxMessage row) {
        try {
            return V2HeaderReader.read(row.text());
        } catch (MappingException e) {
            return null; // stored rows always had a readable header; answer with the generic one if not
        }
    }
}
