package org.fhirgateway.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the stored labels in step with the labeller. Labels are set at write time, so data written before labels
 * existed (an upgrade across V60) or under other sensitivity ValueSets (a new gateway version) would otherwise keep
 * labels the consent rules no longer agree with. When the labeller's fingerprint differs from the one in
 * {@code labelling_state} (V62), this background task re-labels every current resource
 * ({@link ResourceWriter#relabel}): Patients first, so that their compartments inherit the right confidentiality,
 * then the rest, in batches of {@value #BATCH} in their own transactions. The position is kept in the state row,
 * so a restart resumes where the sweep stopped; each batch locks that row ({@code FOR UPDATE SKIP LOCKED}), so the
 * nodes sharing a database take turns and never re-label the same batch at once. Until the sweep ends, resources
 * not yet reached are judged by their previous labels; the log says when it starts and ends.
 */
final class Relabelling implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Relabelling.class);
    static final int BATCH = 200;
    /** Batches per run of the task, so that a long sweep leaves the connection pool to requests between runs. */
    private static final int BATCHES_PER_RUN = 25;

    private enum Step { MORE, WAIT, DONE }

    private final TransactionRunner runner;
    private final ResourceWriter writer;
    private final ResourceDao dao;
    private final String fingerprint;
    private volatile boolean finished;

    Relabelling(TransactionRunner runner, ResourceWriter writer, ResourceDao dao, String fingerprint) {
        this.runner = runner;
        this.writer = writer;
        this.dao = dao;
        this.fingerprint = fingerprint;
    }

    /** Runs the sweep on its own thread, every second until the stored labels agree with this labeller. */
    PeriodicTask schedule() {
        return PeriodicTask.start("relabelling", this, 1, TimeUnit.SECONDS);
    }

    @Override
    public void run() {
        if (finished) {
            return;
        }
        try {
            for (int i = 0; i < BATCHES_PER_RUN; i++) {
                Step step = runner.inTransaction(this::step);
                if (step == Step.DONE) {
                    finished = true;
                    return;
                }
                if (step == Step.WAIT) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("re-labelling paused, retried in a second: {}", e.getClass().getSimpleName());
        }
    }

    /** Whether the stored labels agree with this labeller (the sweep is over, here or on another node). */
    boolean finished() {
        return finished;
    }

    /** One batch in one transaction. */
    private Step step(Tx tx) throws SQLException {
        try (PreparedStatement ps = tx.connection.prepareStatement(
                "INSERT INTO labelling_state (fingerprint) VALUES (NULL) ON CONFLICT DO NOTHING")) {
            ps.executeUpdate(); // the first start on this database: the labels' provenance is not known
        }
        String stored;
        String target;
        String phase;
        long doneThrough;
        try (PreparedStatement ps = tx.connection.prepareStatement("SELECT fingerprint, target, phase, done_through"
                + " FROM labelling_state FOR UPDATE SKIP LOCKED"); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Step.WAIT; // another node holds it for its batch
            }
            stored = rs.getString(1);
            target = rs.getString(2);
            phase = rs.getString(3);
            doneThrough = rs.getLong(4);
        }
        if (fingerprint.equals(stored)) {
            return Step.DONE;
        }
        if (!fingerprint.equals(target)) {
            if (empty(tx)) { // a new database: nothing to re-label
                save(tx, fingerprint, null, "done", 0);
                return Step.DONE;
            }
            LOG.info("re-labelling the stored resources for the current sensitivity ValueSets ({} before)",
                    stored == null ? "labels not known" : "other ValueSets");
            target = fingerprint;
            phase = "patients";
            doneThrough = 0;
        }
        List<ResourceRow> batch = dao.currentAfter(tx.connection, doneThrough, "patients".equals(phase), BATCH);
        for (ResourceRow row : batch) {
            writer.relabel(tx, row);
        }
        if (batch.size() == BATCH) {
            save(tx, stored, target, phase, batch.get(batch.size() - 1).pk());
        } else if ("patients".equals(phase)) {
            save(tx, stored, target, "others", 0);
        } else {
            save(tx, fingerprint, null, "done", 0);
            LOG.info("re-labelling done: the stored labels follow the current sensitivity ValueSets");
            return Step.DONE;
        }
        return Step.MORE;
    }

    private static boolean empty(Tx tx) throws SQLException {
        try (PreparedStatement ps = tx.connection.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM resource)");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static void save(Tx tx, String stored, String target, String phase, long doneThrough) throws SQLException {
        try (PreparedStatement ps = tx.connection.prepareStatement("UPDATE labelling_state SET fingerprint = ?,"
                + " target = ?, phase = ?, done_through = ?")) {
            ps.setString(1, stored);
            ps.setString(2, target);
            ps.setString(3, phase);
            ps.setLong(4, doneThrough);
            ps.executeUpdate();
        }
    }
}
