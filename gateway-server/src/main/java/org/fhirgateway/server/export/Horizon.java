package org.fhirgateway.server.export;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/**
 * The safe horizon of an export: its {@code transactionTime}, and the wait that makes the export hold every resource
 * committed before it.
 *
 * <p>The problem: a resource's {@code last_updated} (and its change-log {@code seq}) is taken while its transaction
 * runs, not when it commits, so with concurrent writers they commit out of order. An export that read at instant
 * {@code T} could miss a resource stamped {@code T - 1} whose transaction commits at {@code T + 1}, and an incremental
 * export with {@code _since=T} would then miss it too, for ever.
 *
 * <p>The choice: transaction ids. At kick-off the export takes {@code T = now}, then a transaction id of its own,
 * {@code X = pg_current_xact_id()} (ids are handed out in order, so every id below it was handed out before), and
 * then waits until the clock has passed {@code T}. ({@code pg_snapshot_xmax} is not that: it is one past the latest
 * <em>completed</em> id, and a running transaction above it is not listed in the snapshot.) Every write transaction of the store asks for its id before it reads the clock
 * (store.TransactionRunner#assignTransactionId), so:
 * <ul>
 *   <li>a transaction that stamped a resource at or before {@code T} had its id before {@code X} was taken: its id is
 *       below {@code X};</li>
 *   <li>a transaction with an id of {@code X} or above read the clock after {@code T}: its stamps are above {@code T},
 *       and the next {@code _since=T} export takes them.</li>
 * </ul>
 * No part of the job reads before {@code pg_snapshot_xmin(pg_current_snapshot()) >= X}, i.e. before every transaction
 * below {@code X} has committed or rolled back ({@link #reached}). From then on every resource stamped at or before
 * {@code T} is visible, in that version or a later one (stamped after {@code T}). The parts then read the current
 * versions in primary-key order with keyset pages, so each resource appears at most once, and none that existed
 * before {@code T} (and was not deleted since) is missing.
 *
 * <p>Why not one REPEATABLE READ snapshot ({@code pg_export_snapshot()}): it lives only as long as the transaction
 * that exported it, so a job could neither survive a restart nor be shared between nodes. The one assumption left
 * is that the nodes' clocks agree (NTP): a node whose clock runs behind stamps writes below {@code T} later.
 */
final class Horizon {

    /** The instant and a transaction id handed out just after it (the kick-off's own, committed at once). */
    record Mark(long transactionTime, long xid) {
    }

    private Horizon() {
    }

    /** @param c a connection in auto-commit mode: the id is that of the statement's own transaction */
    static Mark take(Connection c, Clock clock) throws SQLException {
        long t = clock.millis();
        long xid;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_current_xact_id()::text::bigint")) {
            rs.next();
            xid = rs.getLong(1);
        }
        while (clock.millis() <= t) {
            Thread.onSpinWait();
        }
        return new Mark(t, xid);
    }

    /** Whether every transaction with an id below {@code xid} has ended. */
    static boolean reached(Connection c, long xid) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")) {
            rs.next();
            return rs.getLong(1) >= xid;
        }
    }
}
