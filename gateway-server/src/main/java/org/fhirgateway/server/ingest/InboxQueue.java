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
import javax.sql.DataSource;

/** The worker side of the inbox: which lanes wait, a lane's next rows in receive order, and closing a row. */
final class InboxQueue {

    private final DataSource dataSource;

    InboxQueue(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /**
     * SQL for the failed row that holds row {@code r} (an alias of inbox), or NULL: the earliest failed row received
     * before it whose lane or merge lane is the row's lane or merge lane. A failed message holds its patient's later
     * messages (and merges naming that patient) until it is replayed or skipped.
     */
    static String heldBy(String r) {
        return "(SELECT MIN(f.id) FROM inbox f WHERE f.status = 'failed' AND f.id < " + r + ".id AND (f.lane = "
                + r + ".lane OR f.merge_lane = " + r + ".lane OR f.lane = " + r + ".merge_lane OR f.merge_lane = "
                + r + ".merge_lane))";
    }

    /** Lanes with received rows whose first row is not held by a failed one, the longest waiting first. */
    List<String> waitingLanes(int limit) throws SQLException {
        List<String> lanes = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT w.lane, w.first_id FROM (SELECT lane, MIN(id) AS"
                        + " first_id FROM inbox WHERE status = 'received' GROUP BY lane) w JOIN inbox r ON r.id = w.first_id"
                        + " WHERE " + heldBy("r") + " IS NULL ORDER BY w.first_id FETCH FIRST ? ROWS ONLY")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lanes.add(rs.getString(1));
                }
            }
        }
        return lanes;
    }

    /**
     * The first failed row of {@code lane} (its own, or a merge naming it as the losing patient), or null: the lane's
     * messages received after it are held.
     */
    Long firstFailed(String lane) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT"
                        + " (SELECT MIN(id) FROM inbox WHERE status = 'failed' AND lane = ?),"
                        + " (SELECT MIN(id) FROM inbox WHERE merge_lane = ? AND status = 'failed')")) {
            ps.setString(1, lane);
            ps.setString(2, lane);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long first = rs.getLong(1);
                Long own = rs.wasNull() ? null : first;
                long second = rs.getLong(2);
                Long merge = rs.wasNull() ? null : second;
                return own == null ? merge : merge == null ? own : Long.valueOf(Math.min(own, merge));
            }
        }
    }

    /** The lane's received rows in receive order. */
    List<InboxMessage> next(String lane, int limit) throws SQLException {
        List<InboxMessage> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, lane, merge_lane, raw, charset, ack_mode,"
                        + " received_at FROM inbox WHERE status = 'received' AND lane = ? ORDER BY id"
                        + " FETCH FIRST ? ROWS ONLY")) {
            ps.setString(1, lane);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new InboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
                            Charset.forName(rs.getString(5)), AckMode.valueOf(rs.getString(6)),
                            rs.getTimestamp(7).toInstant()));
                }
            }
        }
        return rows;
    }

    /**
     * The first received merge that names {@code lane} as its losing patient, or null: this lane's messages
     * received after it wait until it is applied.
     */
    Long mergeBarrier(String lane) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT MIN(id) FROM inbox WHERE status = 'received' AND merge_lane = ?")) {
            ps.setString(1, lane);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long id = rs.getLong(1);
                return rs.wasNull() ? null : id;
            }
        }
    }

    /** For a merge: whether the losing patient's lane still has earlier messages to apply first. */
    boolean loserLaneBehind(InboxMessage merge) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM inbox WHERE status = 'received'"
                        + " AND lane = ? AND id < ? FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, merge.mergeLane());
            ps.setLong(2, merge.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Inside {@code tx}: locks the row if it is still received, skipping a row another transaction holds. */
    boolean lockReceived(Connection tx, long id) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement(
                "SELECT id FROM inbox WHERE id = ? AND status = 'received' FOR UPDATE SKIP LOCKED")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The acknowledgments a worker made: the ACK for an ORIGINAL-mode row (kept, so a duplicate gets it) and the
     * application ACK of an ENHANCED-mode row (per MSH-16); either may be null.
     */
    record RowAcks(String ack, String applicationAck) {
    }

    void markApplied(Connection tx, long id, MessageApplier.Applied applied, RowAcks acks) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("UPDATE inbox SET status = 'applied', bundle_json = ?,"
                + " touched = ?, ack_text = COALESCE(?, ack_text), app_ack_text = ?, processed_at = ?,"
                + " attempts = attempts + 1, error_code = NULL, error_text = NULL WHERE id = ?")) {
            ps.setString(1, applied.bundleJson());
            ps.setString(2, String.join("\n", applied.touched()));
            ps.setString(3, acks.ack());
            ps.setString(4, acks.applicationAck());
            ps.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setLong(6, id);
            ps.executeUpdate();
        }
    }

    void markFailed(long id, IngestError error, RowAcks acks) throws SQLException {
        close(id, InboxStatus.FAILED, error, acks);
    }

    /** The mappers do not support the row's type/event: closed {@code unsupported}, which holds nothing. */
    void markUnsupported(long id, IngestError error, RowAcks acks) throws SQLException {
        close(id, InboxStatus.UNSUPPORTED, error, acks);
    }

    private void close(long id, InboxStatus status, IngestError error, RowAcks acks) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE inbox SET status = ?, error_code = ?,"
                        + " error_text = ?, ack_text = COALESCE(?, ack_text), app_ack_text = ?, processed_at = ?,"
                        + " attempts = attempts + 1 WHERE id = ? AND status = 'received'")) {
            c.setAutoCommit(true);
            ps.setString(1, status.db());
            ps.setString(2, error.code());
            ps.setString(3, truncate(error.text(), 2000));
            ps.setString(4, acks.ack());
            ps.setString(5, acks.applicationAck());
            ps.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setLong(7, id);
            ps.executeUpdate();
        }
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
