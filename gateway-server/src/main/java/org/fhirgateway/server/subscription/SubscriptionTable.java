package org.fhirgateway.server.subscription;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL on {@code subscription} (V75): the Subscriptions being served, one row per Subscription resource. */
final class SubscriptionTable {

    private static final String COLUMNS = "sub_id, criteria_type, criteria, status, owner_client, owner_purpose, "
            + "endpoint, headers, payload";

    private SubscriptionTable() {}

    static void upsert(Connection c, SubscriptionSpec s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO subscription (" + COLUMNS + ") VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sub_id) DO UPDATE SET criteria_type = EXCLUDED.criteria_type, "
                + "criteria = EXCLUDED.criteria, status = EXCLUDED.status, owner_client = EXCLUDED.owner_client, "
                + "owner_purpose = EXCLUDED.owner_purpose, endpoint = EXCLUDED.endpoint, headers = EXCLUDED.headers, "
                + "payload = EXCLUDED.payload, error = NULL")) {
            ps.setString(1, s.id());
            ps.setString(2, s.criteriaType());
            ps.setString(3, s.criteria());
            ps.setString(4, s.status());
            ps.setString(5, s.owner());
            ps.setString(6, s.ownerPurpose());
            ps.setString(7, s.endpoint());
            ps.setArray(8, c.createArrayOf("text", s.headers().toArray()));
            ps.setString(9, s.payload().code);
            ps.executeUpdate();
        }
        // (re)activated: the receiver gets a fresh allowance of failures before the Subscription turns error again
        try (PreparedStatement ps = c.prepareStatement("UPDATE subscription_notification SET first_failure_at = NULL "
                + "WHERE sub_id = ? AND first_failure_at IS NOT NULL")) {
            ps.setString(1, s.id());
            ps.executeUpdate();
        }
    }

    /** The row, locked until the transaction ends (so an owner check and the write that follows agree). */
    static Optional<SubscriptionSpec> findForUpdate(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM subscription WHERE sub_id = ? "
                + "FOR UPDATE")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    static Optional<SubscriptionSpec> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM subscription WHERE sub_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** The active subscriptions, by criteria type. */
    static List<SubscriptionSpec> active(Connection c) throws SQLException {
        List<SubscriptionSpec> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM subscription WHERE status = "
                + "'active' ORDER BY sub_id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    /** Removes the row and every notification still waiting for it. */
    static void delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM subscription_notification WHERE sub_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM subscription WHERE sub_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    /** Marks it {@code error} with the reason; false when it was no longer active (another node did it). */
    static boolean markError(Connection c, String id, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE subscription SET status = 'error', error = ? "
                + "WHERE sub_id = ? AND status = 'active'")) {
            ps.setString(1, reason);
            ps.setString(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Counts one more delivered event and returns the new count (the notification's event number). */
    static long nextEvent(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE subscription SET events = events + 1 WHERE sub_id = ? "
                + "RETURNING events")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static SubscriptionSpec row(ResultSet rs) throws SQLException {
        Array headers = rs.getArray(8);
        List<String> list = new ArrayList<>();
        if (headers != null) {
            for (Object o : (Object[]) headers.getArray()) {
                list.add(String.valueOf(o));
            }
        }
        return new SubscriptionSpec(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), list, SubscriptionSpec.Payload.of(rs.getString(9)));
    }
}
