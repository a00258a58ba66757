package org.fhirgateway.server.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * Per-lane leases in {@code inbox_lane}: the node named in a lane's row alone applies that patient's messages
 * until the lease runs out. The lease is taken or extended inside the transaction that applies each message (no
 * extra commit), so a node keeps the lanes it works on while they are busy; another node takes a lane over once
 * its lease expired (its node went idle) or at once when its node is gone ({@link NodePresence}: a killed node's
 * backlog starts draining at the next scan of a restarted or surviving node). Expired rows are swept.
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

    /**
     * Inside {@code tx}: takes the lease on the message's lane and, for a merge, on the losing patient's lane too.
     * False when another node holds either; then roll the transaction back.
     */
    boolean takeFor(Connection tx, InboxMessage message) throws SQLException {
        return take(tx, message.lane()) && (message.mergeLane() == null || take(tx, message.mergeLane()));
    }

    /**
     * Inside {@code tx}: takes or extends the lease on {@code lane}. False when another node holds it; then the
     * transaction may be unusable (PostgreSQL) and must be rolled back.
     */
    boolean take(Connection tx, String lane) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement ps = tx.prepareStatement("UPDATE inbox_lane SET owner = ?, lease_until = ?"
                + " WHERE lane = ? AND (owner = ? OR lease_until < ?)")) {
            ps.setString(1, owner);
            ps.setObject(2, now.plus(lease));
            ps.setString(3, lane);
            ps.setString(4, owner);
            ps.setObject(5, now);
            if (ps.executeUpdate() == 1) {
                return true;
            }
        }
        try (PreparedStatement ps = tx.prepareStatement("INSERT INTO inbox_lane (lane, owner, lease_until)"
                + " SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM inbox_lane WHERE lane = ?)")) {
            ps.setString(1, lane);
            ps.setString(2, owner);
            ps.setObject(3, now.plus(lease));
            ps.setString(4, lane);
            if (ps.executeUpdate() == 1) {
                return true;
            }
        } catch (SQLException e) {
            if (Inbox.isUniqueViolation(e)) {
                return false; // another node created it a moment ago
            }
            throw e;
        }
        return takeOverFromAGoneNode(tx, lane, now);
    }

    /** The lease's node is no longer connected (killed, or its database session lost): take the lane now. */
    private boolean takeOverFromAGoneNode(Connection tx, String lane, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement("UPDATE inbox_lane SET owner = ?, lease_until = ?"
                + " WHERE lane = ? AND " + NodePresence.ownerGone("inbox_lane.owner"))) {
            ps.setString(1, owner);
            ps.setObject(2, now.plus(lease));
            ps.setString(3, lane);
            return ps.executeUpdate() == 1;
        }
    }

    /** Deletes leases that expired a lease period ago (their lanes are idle) or whose node is gone. */
    int sweep() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM inbox_lane WHERE lease_until < ? OR ("
                        + "owner <> ? AND " + NodePresence.ownerGone("inbox_lane.owner") + ")")) {
            ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minus(lease));
            ps.setString(2, owner);
            return ps.executeUpdate();
        }
    }

    /** Gives up this node's leases (clean shutdown), so other nodes need not wait for them to expire. */
    void releaseAll() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM inbox_lane WHERE owner = ?")) {
            ps.setString(1, owner);
            ps.executeUpdate();
        }
    }
}
