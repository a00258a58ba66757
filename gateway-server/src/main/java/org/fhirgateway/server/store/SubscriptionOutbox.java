package org.fhirgateway.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The changes of one transaction that subscriptions may have to hear about, written to {@code subscription_outbox}
 * (V75) just before the transaction commits, so that a committed write always has its outbox row and a rolled-back
 * one never has.
 *
 * <p>Only types an active subscription watches are written (one indexed query when none does). Before its rows the
 * transaction takes an advisory lock per lane (the patient, or the resource itself outside any compartment), held
 * until it commits: a second writer of the same lane draws its sequence numbers only after the first committed, so
 * within a lane the outbox's order is the commit order even when writers run concurrently. The locks are taken in
 * sorted order, so two writers of several lanes cannot deadlock on them.
 */
final class SubscriptionOutbox {

    /** One new version (a create or an update; deletions are not notified: nothing can match them). */
    private record Change(String type, String id, long version, String lane) {
    }

    private final List<Change> changes = new ArrayList<>();

    void written(String type, String id, long version, String patientId) {
        changes.add(new Change(type, id, version, patientId != null ? "Patient/" + patientId : type + "/" + id));
    }

    void write(Connection c, long now) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        Set<String> watched = watchedTypes(c);
        List<Change> notify = changes.stream().filter(ch -> watched.contains(ch.type())).toList();
        changes.clear();
        if (notify.isEmpty()) {
            return;
        }
        TreeSet<String> lanes = new TreeSet<>();
        notify.forEach(ch -> lanes.add(ch.lane()));
        try (PreparedStatement ps = c.prepareStatement("SELECT count(pg_advisory_xact_lock(hashtextextended(u.lane, 75))) "
                + "FROM unnest(?::text[]) WITH ORDINALITY AS u(lane, o)")) {
            ps.setArray(1, c.createArrayOf("text", lanes.toArray()));
            ps.executeQuery().close();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO subscription_outbox (res_type, res_id, version, "
                + "lane, committed_at) VALUES (?, ?, ?, ?, ?)")) {
            for (Change ch : notify) {
                ps.setString(1, ch.type());
                ps.setString(2, ch.id());
                ps.setLong(3, ch.version());
                ps.setString(4, ch.lane());
                ps.setLong(5, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private Set<String> watchedTypes(Connection c) throws SQLException {
        Set<String> types = new HashSet<>();
        changes.forEach(ch -> types.add(ch.type()));
        Set<String> watched = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT criteria_type FROM subscription "
                + "WHERE status = 'active' AND criteria_type = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("varchar", types.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    watched.add(rs.getString(1));
                }
            }
        }
        return watched;
    }
}
