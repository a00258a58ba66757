package org.fhirgateway.server.ingest;

import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The reprocessing jobs ({@code reprocess_job}, V90) and what each did per message ({@code reprocess_item}): create a
 * job with its frozen selection, move its state, read the next messages after its position, record a message done
 * (inside the caller's transaction, so a message and its record commit together) and list the per-message report.
 */
final class ReprocessJobs {

    /** A job as stored. {@code positionLane}/{@code positionId}: the last message done (lane order), or null. */
    record Job(long id, boolean dryRun, String reason, String createdBy, String purpose, String policy,
            ReprocessSelection selection, long uptoId, ReprocessState state, String owner, String positionLane,
            Long positionId, Counts counts, String errorText, OffsetDateTime createdAt, OffsetDateTime startedAt,
            OffsetDateTime finishedAt) {
    }

    /** selected, done and failed count messages; created, changed and unchanged count resources. */
    record Counts(int selected, int done, int failed, int created, int changed, int unchanged) {
    }

    /** One selected message as the job reads it. */
    record Row(InboxMessage message, String messageType, InboxStatus status) {
    }

    /** What one message did (or would do): outcome changed, unchanged or failed, and the resources it changes. */
    record Item(long inboxId, String messageType, String outcome, int created, int changed, int unchanged,
            List<String> resources, String errorCode, String errorText) {
    }

    /** A page of the per-message report, in the order the messages were done; {@code next}: seq to go on after. */
    record ItemPage(List<Item> items, int total, Long next) {
    }

    private static final String JOB_COLUMNS = "id, dry_run, reason, created_by, caller_purpose, caller_policy,"
            + " sel_sender, sel_type, sel_since, sel_until, sel_statuses, upto_id, state, owner, position_lane,"
            + " position_id, selected, done, failed, created, changed, unchanged, error_text, created_at, started_at,"
            + " finished_at";

    private final DataSource dataSource;

    ReprocessJobs(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** The who, why and how of a new job. */
    record NewJob(ReprocessSelection selection, boolean dryRun, String reason, String by, String purpose,
            String policy, String owner) {
    }

    /** Creates a queued job; the selection is frozen at the inbox's current last id. */
    Job create(NewJob n) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long upto;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM inbox");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                upto = rs.getLong(1);
            }
            StringBuilder count = new StringBuilder("SELECT COUNT(*) FROM inbox r WHERE ");
            List<Object> args = new ArrayList<>();
            n.selection().where(count, args, "r", upto);
            int selected;
            try (PreparedStatement ps = c.prepareStatement(count.toString())) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    selected = rs.getInt(1);
                }
            }
            ReprocessSelection s = n.selection();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reprocess_job (dry_run, reason, created_by,"
                    + " caller_purpose, caller_policy, sel_sender, sel_type, sel_since, sel_until, sel_statuses,"
                    + " upto_id, state, owner, selected, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                ps.setBoolean(1, n.dryRun());
                ps.setString(2, n.reason());
                ps.setString(3, cut(n.by(), 200));
                ps.setString(4, n.purpose());
                ps.setString(5, n.policy());
                ps.setString(6, s.sender());
                ps.setString(7, s.type());
                ps.setObject(8, s.since());
                ps.setObject(9, s.until());
                ps.setString(10, s.statusList());
                ps.setLong(11, upto);
                ps.setString(12, ReprocessState.QUEUED.db());
                ps.setString(13, n.owner());
                ps.setInt(14, selected);
                ps.setObject(15, now());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return get(keys.getLong(1)).orElseThrow();
                }
            }
        }
    }

    Optional<Job> get(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM reprocess_job WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(job(rs)) : Optional.empty();
            }
        }
    }

    /** The job's state as stored now (read between messages: a stop from any node is seen at once). */
    Optional<ReprocessState> state(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT state FROM reprocess_job WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(ReprocessState.fromDb(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** Queued to running, by this node; false when it is no longer queued (stopped meanwhile). */
    boolean start(long id, String owner) throws SQLException {
        return update("UPDATE reprocess_job SET state = 'running', owner = ?, started_at = COALESCE(started_at, ?)"
                + " WHERE id = ? AND state = 'queued'", owner, now(), id) == 1;
    }

    /** Queued or running to stopped; false when it was in neither state. */
    boolean stop(long id, String by) throws SQLException {
        return update("UPDATE reprocess_job SET state = 'stopped', stopped_by = ? WHERE id = ?"
                + " AND state IN ('queued', 'running')", cut(by, 200), id) == 1;
    }

    /** Stopped or failed to queued, for {@code owner}; false when it was in neither state. */
    boolean resume(long id, String owner) throws SQLException {
        return update("UPDATE reprocess_job SET state = 'queued', owner = ?, error_text = NULL, finished_at = NULL"
                + " WHERE id = ? AND state IN ('stopped', 'failed')", owner, id) == 1;
    }

    /** Running to completed or failed (with the reason); a stop that came first stays. */
    boolean finish(long id, ReprocessState to, String error) throws SQLException {
        return update("UPDATE reprocess_job SET state = ?, error_text = ?, finished_at = ? WHERE id = ?"
                + " AND state = 'running'", to.db(), cut(error, 2000), now(), id) == 1;
    }

    /**
     * Jobs left queued or running by a node that is gone (a restart, a killed node) become stopped, to be resumed;
     * returns how many.
     */
    int stopOrphans() throws SQLException {
        return update("UPDATE reprocess_job SET state = 'stopped', stopped_by = 'interrupted' WHERE state IN"
                + " ('queued', 'running') AND " + NodePresence.ownerGone("reprocess_job.owner"));
    }

    /** The next selected messages after the job's position, of one lane only (the first lane after it). */
    List<Row> next(Job job, String afterLane, Long afterId, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT r.id, r.lane, r.merge_lane, r.raw, r.charset, r.ack_mode,"
                + " r.received_at, r.message_type, r.status FROM inbox r WHERE ");
        List<Object> args = new ArrayList<>();
        job.selection().where(sql, args, "r", job.uptoId());
        if (afterLane != null) {
            sql.append(" AND (r.lane, r.id) > (?, ?)");
            args.add(afterLane);
            args.add(afterId);
        }
        sql.append(" ORDER BY r.lane, r.id FETCH FIRST ? ROWS ONLY");
        args.add(limit);
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    InboxMessage m = new InboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
                            Charset.forName(rs.getString(5)), AckMode.valueOf(rs.getString(6)),
                            rs.getTimestamp(7).toInstant());
                    if (!rows.isEmpty() && !rows.get(0).message().lane().equals(m.lane())) {
                        break;
                    }
                    rows.add(new Row(m, rs.getString(8), InboxStatus.fromDb(rs.getString(9))));
                }
            }
        }
        return rows;
    }

    /**
     * Inside {@code tx}: records one message done and moves the job's position and counts with it. A message
     * recorded twice for a job is a unique violation (never happens: the position moves in the same commit).
     */
    void recordDone(Connection tx, long jobId, Row row, Item item) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("INSERT INTO reprocess_item (job_id, inbox_id, message_type,"
                + " outcome, created, changed, unchanged, resources, error_code, error_text)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, jobId);
            ps.setLong(2, item.inboxId());
            ps.setString(3, item.messageType());
            ps.setString(4, item.outcome());
            ps.setInt(5, item.created());
            ps.setInt(6, item.changed());
            ps.setInt(7, item.unchanged());
            ps.setString(8, item.resources().isEmpty() ? null : String.join("\n", item.resources()));
            ps.setString(9, item.errorCode());
            ps.setString(10, cut(item.errorText(), 2000));
            ps.executeUpdate();
        }
        boolean failed = item.errorCode() != null;
        try (PreparedStatement ps = tx.prepareStatement("UPDATE reprocess_job SET position_lane = ?, position_id = ?,"
                + " done = done + 1, failed = failed + ?, created = created + ?, changed = changed + ?,"
                + " unchanged = unchanged + ? WHERE id = ?")) {
            ps.setString(1, row.message().lane());
            ps.setLong(2, row.message().id());
            ps.setInt(3, failed ? 1 : 0);
            ps.setInt(4, item.created());
            ps.setInt(5, item.changed());
            ps.setInt(6, item.unchanged());
            ps.setLong(7, jobId);
            ps.executeUpdate();
        }
    }

    /** Records messages done in a commit of their own (a dry run, or a patient's run that changes nothing). */
    void recordDone(long jobId, List<Row> rows, List<Item> items) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (int i = 0; i < rows.size(); i++) {
                    recordDone(c, jobId, rows.get(i), items.get(i));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Up to {@code count} report lines after {@code afterSeq} (null: from the first), and how many there are. */
    ItemPage items(long jobId, Long afterSeq, int count) throws SQLException {
        List<Item> items = new ArrayList<>();
        Long next = null;
        int total;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM reprocess_item WHERE job_id = ?")) {
                ps.setLong(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getInt(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT inbox_id, message_type, outcome, created, changed,"
                    + " unchanged, resources, error_code, error_text, seq FROM reprocess_item WHERE job_id = ?"
                    + " AND seq > ? ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
                ps.setLong(1, jobId);
                ps.setLong(2, afterSeq == null ? 0 : afterSeq);
                ps.setInt(3, count + 1);
                try (ResultSet rs = ps.executeQuery()) {
                    long last = 0;
                    while (rs.next()) {
                        if (items.size() == count) {
                            next = last;
                            break;
                        }
                        String resources = rs.getString(7);
                        items.add(new Item(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                                rs.getInt(6), resources == null ? List.of() : List.of(resources.split("\n")),
                                rs.getString(8), rs.getString(9)));
                        last = rs.getLong(10);
                    }
                }
            }
        }
        return new ItemPage(items, total, next);
    }

    private int update(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(true);
            bind(ps, java.util.Arrays.asList(args)); // values may be null
            return ps.executeUpdate();
        }
    }

    private static Job job(ResultSet rs) throws SQLException {
        long position = rs.getLong("position_id");
        Long positionId = rs.wasNull() ? null : position;
        ReprocessSelection selection = new ReprocessSelection(rs.getString("sel_sender"), rs.getString("sel_type"),
                rs.getObject("sel_since", OffsetDateTime.class), rs.getObject("sel_until", OffsetDateTime.class),
                ReprocessSelection.statuses(rs.getString("sel_statuses")));
        Counts counts = new Counts(rs.getInt("selected"), rs.getInt("done"), rs.getInt("failed"), rs.getInt("created"),
                rs.getInt("changed"), rs.getInt("unchanged"));
        return new Job(rs.getLong("id"), rs.getBoolean("dry_run"), rs.getString("reason"), rs.getString("created_by"),
                rs.getString("caller_purpose"), rs.getString("caller_policy"), selection, rs.getLong("upto_id"),
                ReprocessState.fromDb(rs.getString("state")), rs.getString("owner"), rs.getString("position_lane"),
                positionId, counts, rs.getString("error_text"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("started_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class));
    }

    static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
