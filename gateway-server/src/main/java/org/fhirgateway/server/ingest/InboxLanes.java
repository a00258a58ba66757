package org.fhirgateway.server.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * Per-lane leases in {@code inbox_lane}: while a node holds a lane's row it alone applies that patient's
 * messages. A row exists only while held; an expired one (its node died) is taken over.
 */
final class InboxLanes {

    private final DataSource dataSource;
    private final String owner;
    private final Duration lease;

    InboxLanes(DataSource dataSource, String owner, Duration lease) {
        this.dataSource = dataSource;
        this.owner = owner;
        this.lease = lease;
    }

    Duration lease() {
        return lease;
    }

    /** Takes the lane, or returns false when another node holds it. */
    boolean acquire(String lane) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (insert(c, lane, now)) {
                return true;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE inbox_lane SET owner = ?, lease_until = ?"
                    + " WHERE lane = ? AND (owner = ? OR lease_until < ?)")) {
                ps.setString(1, owner);
                ps.setObject(2, now.plus(lease));
                ps.setString(3, lane);
                ps.setString(4, owner);
                ps.setObject(5, now);
                return ps.executeUpdate() == 1;
            }
        }
    }

    private boolean insert(Connection c, String lane, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO inbox_lane (lane, owner, lease_until) VALUES (?, ?, ?)")) {
            ps.setString(1, lane);
            ps.setString(2, owner);
            ps.setObject(3, now.plus(lease));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (Inbox.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Extends a held lease; false when it was lost (expired and taken over). */
    boolean renew(String lane) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE inbox_lane SET lease_until = ? WHERE lane = ? AND owner = ?")) {
            c.setAutoCommit(true);
            ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).plus(lease));
            ps.setString(2, lane);
            ps.setString(3, owner);
            return ps.executeUpdate() == 1;
        }
    }

    void release(String lane) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM inbox_lane WHERE lane = ? AND owner = ?")) {
            c.setAutoCommit(true);
            ps.setString(1, lane);
            ps.setString(2, owner);
            ps.executeUpdate();
        }
    }
}
