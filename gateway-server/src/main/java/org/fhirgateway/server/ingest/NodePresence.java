package org.fhirgateway.server.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * That this node is alive, as the database sees it: a session-level advisory lock keyed by the node's name, held
 * on one connection for the node's life. When a node is killed its connection drops and PostgreSQL releases the
 * lock at once, so the lanes it leased can be taken over within a scan ({@link #ownerGone}) instead of after the
 * lease runs out. If the connection breaks under a running node (the database restarted), the scanner takes the
 * lock again ({@link #keep()}); meanwhile another node may take over its lanes, which costs only a retry, because
 * order within a lane rests on the inbox row locks, not on the leases.
 */
final class NodePresence implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodePresence.class);
    /** The first key of the two-key advisory lock: this gateway's node presence (the second is hashtext(owner)). */
    static final int LOCK_CLASS = 0x67770001;

    private final DataSource dataSource;
    private final String owner;
    private Connection held;

    NodePresence(DataSource dataSource, String owner) {
        this.dataSource = dataSource;
        this.owner = owner;
    }

    /**
     * SQL true when no live session holds the presence lock of the owner named by {@code ownerColumn}: the node that
     * leased the lane is gone.
     */
    static String ownerGone(String ownerColumn) {
        return "NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.classid = " + LOCK_CLASS
                + "::oid AND l.objid = hashtext(" + ownerColumn + ")::oid AND l.objsubid = 2 AND l.granted)";
    }

    /** Takes the lock if this node does not hold it (first call, or its connection was lost); logs a failure. */
    synchronized void keep() {
        try {
            if (held != null && held.isValid(2)) {
                return;
            }
            closeHeld();
            Connection c = dataSource.getConnection();
            boolean locked;
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
                ps.setInt(1, LOCK_CLASS);
                ps.setString(2, owner);
                try (var rs = ps.executeQuery()) {
                    locked = rs.next() && rs.getBoolean(1);
                }
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            if (!locked) {
                // never block a start: another live session holds this name (or one whose name hashes alike)
                c.close();
                LOG.warn("node presence lock held by another session; node names must be unique per database");
                return;
            }
            held = c;
        } catch (SQLException e) {
            LOG.warn("node presence lock not held, retried at the next scan: {}", e.getMessage());
        }
    }

    private void closeHeld() {
        if (held != null) {
            try {
                held.close();
            } catch (SQLException e) {
                // a broken connection; the lock went with its session
            }
            held = null;
        }
    }

    /** Gives the lock up (its session's connection goes back to the pool without it). */
    @Override
    public synchronized void close() {
        if (held != null) {
            try (PreparedStatement ps = held.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
                ps.setInt(1, LOCK_CLASS);
                ps.setString(2, owner);
                ps.execute();
            } catch (SQLException e) {
                // the session is gone, and the lock with it
            }
            closeHeld();
        }
    }
}
