package org.fhirgateway.server.subscription;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * SQL on {@code subscription_notification} (V75). A node claims one notification with {@code FOR UPDATE SKIP LOCKED}
 * and a lease, so two nodes never deliver the same notification at once; only the head of its (subscription, lane)
 * may be claimed, so one patient's notifications leave in commit order while other patients' go in parallel. A
 * claim whose node died is taken again once its lease expired: delivery is at least once.
 */
final class NotificationQueue {

    /** A claimed notification. */
    record Claimed(long id, String subscription, String type, String resourceId, long version, long committedAt,
            int attempts, Long firstFailureAt) {
    }

    private NotificationQueue() {}

    static void add(Connection c, String subscription, OutboxRow row, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO subscription_notification (sub_id, outbox_seq, "
                + "lane, res_type, res_id, version, committed_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING")) {
            ps.setString(1, subscription);
            ps.setLong(2, row.seq());
            ps.setString(3, row.lane());
            ps.setString(4, row.type());
            ps.setString(5, row.id());
            ps.setLong(6, row.version());
            ps.setLong(7, row.committedAt());
            ps.setLong(8, now);
            ps.executeUpdate();
        }
    }

    /** The next due head of a lane of an active subscription, leased until {@code now + leaseMillis}. */
    static Optional<Claimed> claim(Connection c, long now, long leaseMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE subscription_notification SET leased_until = ? "
                + "WHERE notification_id = (SELECT n.notification_id FROM subscription_notification n "
                + "JOIN subscription s ON s.sub_id = n.sub_id AND s.status = 'active' "
                + "WHERE n.next_attempt_at <= ? AND (n.leased_until IS NULL OR n.leased_until < ?) "
                + "AND NOT EXISTS (SELECT 1 FROM subscription_notification p WHERE p.sub_id = n.sub_id "
                + "AND p.lane = n.lane AND p.outbox_seq < n.outbox_seq) "
                + "ORDER BY n.next_attempt_at, n.outbox_seq LIMIT 1 FOR UPDATE OF n SKIP LOCKED) "
                + "RETURNING notification_id, sub_id, res_type, res_id, version, committed_at, attempts, first_failure_at")) {
            ps.setLong(1, now + leaseMillis);
            ps.setLong(2, now);
            ps.setLong(3, now);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long failed = rs.getLong(8);
                Long firstFailure = rs.wasNull() ? null : failed;
                return Optional.of(new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getLong(6), rs.getInt(7), firstFailure));
            }
        }
    }

    /** Delivered (or nothing to deliver any more): the next of its lane becomes the head. */
    static void done(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM subscription_notification WHERE notification_id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /** A failed attempt: the next one at {@code nextAt}, the lease released. */
    static void failed(Connection c, long id, long now, long nextAt, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE subscription_notification SET attempts = attempts + 1, "
                + "first_failure_at = COALESCE(first_failure_at, ?), next_attempt_at = ?, leased_until = NULL, "
                + "last_error = ? WHERE notification_id = ?")) {
            ps.setLong(1, now);
            ps.setLong(2, nextAt);
            ps.setString(3, reason);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }
}
