package org.fhirgateway.server.subscription;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.FhirSearch;
import org.fhirgateway.server.search.Handling;
import org.fhirgateway.server.search.SearchRequest;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.StoreException;

/**
 * Turns outbox rows into notifications: each committed version is searched for with each active subscription's
 * criteria restricted to it ({@code _id}), through the search with the owner's AccessContext, so the consent
 * predicate decides exactly as for the owner's own search and a withheld resource is never notified.
 *
 * <p>No "sequence greater than the last seen" position is kept: a row is matched when it is visible and deleted in
 * the same transaction that writes its notifications, so a row that committed late (a lower sequence than rows
 * already matched) is still matched. One node matches at a time (an advisory lock), in outbox order, so the
 * notifications of a lane are written in its commit order.
 */
final class OutboxMatcher {

    private static final long MATCHER_LOCK = 0x5375_6273L;
    private static final int BATCH = 500;

    private final Database database;
    private final FhirSearch search;
    private final Owners owners;
    private final Clock clock;

    OutboxMatcher(Database database, FhirSearch search, Owners owners, Clock clock) {
        this.database = database;
        this.search = search;
        this.owners = owners;
        this.clock = clock;
    }

    /** Matches one batch; the number of outbox rows taken (0: nothing to do, or another node is matching). */
    int runOnce() throws SQLException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                int taken = match(c);
                c.commit();
                return taken;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private int match(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, MATCHER_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return 0;
                }
            }
        }
        List<OutboxRow> rows = rows(c);
        if (rows.isEmpty()) {
            return 0;
        }
        List<SubscriptionSpec> active = SubscriptionTable.active(c);
        Map<String, Optional<AccessContext>> contexts = new LinkedHashMap<>();
        long now = clock.millis();
        for (OutboxRow row : rows) {
            for (SubscriptionSpec s : active) {
                if (!s.criteriaType().equals(row.type())) {
                    continue;
                }
                Optional<AccessContext> owner = contexts.computeIfAbsent(s.owner(), owners::current);
                // an owner no longer configured is told nothing; its Subscription is marked error on delivery
                if (owner.isEmpty() || matches(owner.get(), s, row)) {
                    NotificationQueue.add(c, s.id(), row, now);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM subscription_outbox WHERE seq = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", rows.stream().map(OutboxRow::seq).toArray()));
            ps.executeUpdate();
        }
        return rows.size();
    }

    private boolean matches(AccessContext owner, SubscriptionSpec s, OutboxRow row) {
        Map<String, List<String>> params = new LinkedHashMap<>(SearchRequest.parseQuery(s.criteria()));
        List<String> ids = new ArrayList<>(params.getOrDefault("_id", List.of()));
        ids.add(row.id());
        params.put("_id", ids);
        params.put("_count", List.of("1"));
        params.remove("_total");
        params.remove("_sort");
        try {
            return !search.search(owner, new SearchRequest(row.type(), params, Handling.STRICT)).matches().isEmpty();
        } catch (StoreException e) {
            if (e.category() == org.fhirgateway.server.store.StoreError.Category.INTERNAL
                    || e.category() == org.fhirgateway.server.store.StoreError.Category.UNAVAILABLE) {
                throw e;   // the batch rolls back and is matched again
            }
            // the owner lost the right to this search (scopes or policy changed): nothing is notified
            return false;
        }
    }

    private static List<OutboxRow> rows(Connection c) throws SQLException {
        List<OutboxRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, res_type, res_id, version, lane, committed_at "
                + "FROM subscription_outbox ORDER BY seq LIMIT " + BATCH + " FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getLong(6)));
            }
        }
        return rows;
    }
}
