package org.fhirgateway.server.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.server.store.SqlErrors;

/**
 * Runs one patient's selected messages again, in order, through the real apply path ({@link MessageApplier}) inside
 * one transaction that is always rolled back, and compares what that leaves with what is stored (committed): each
 * resource the messages write is created (absent or deleted before), changed (its content, as the store's content
 * hash sees it: without meta.versionId and meta.lastUpdated, differs, or it was deleted) or unchanged. A resource is
 * counted once, under the last message that wrote it, so an A01 then an A03 of one visit that are stored right count
 * as unchanged although the A01 alone would re-open the visit. The dry run is this; a real run writes only when it
 * finds something to create or change, so running it twice writes nothing the second time.
 *
 * <p>The lane lease is taken in the transaction (as the lane workers do), so no worker applies the patient meanwhile.
 * Each message has a savepoint: one that fails is reported and the others still run. The applier used has no
 * commits of its own ({@link MessageApplier#rehearsal()}).
 */
final class ReprocessRehearsal {

    /** What the messages would do; {@code items} line up with the rows given. */
    record Plan(List<ReprocessJobs.Item> items, boolean changes) {
    }

    /** Another node holds the patient's lane; try again shortly. */
    static final class LaneBusy extends Exception {
        LaneBusy() {
            super("lane busy", null, false, false);
        }
    }

    private record State(boolean exists, String hash) {
        static final State ABSENT = new State(false, "");
    }

    private final DataSource dataSource;
    private final InboxLanes lanes;
    private final MessageApplier applier;

    ReprocessRehearsal(DataSource dataSource, InboxLanes lanes, MessageApplier applier) {
        this.dataSource = dataSource;
        this.lanes = lanes;
        this.applier = applier.rehearsal();
    }

    /**
     * @throws SQLException a conflict with a concurrent transaction (retryable) or the database is unavailable
     */
    Plan rehearse(List<ReprocessJobs.Row> rows) throws SQLException, LaneBusy {
        List<MessageApplier.Applied> applied = new ArrayList<>();
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            try {
                IngestError[] errors = new IngestError[rows.size()];
                Map<String, Integer> lastWriter = new LinkedHashMap<>();
                for (int i = 0; i < rows.size(); i++) {
                    InboxMessage m = rows.get(i).message();
                    if (!lanes.takeFor(tx, m)) {
                        throw new LaneBusy();
                    }
                    Savepoint before = tx.setSavepoint();
                    try {
                        MessageApplier.Applied done = applier.apply(tx, m);
                        applied.add(done);
                        for (String ref : done.touched()) {
                            lastWriter.put(versionless(ref), i);
                        }
                    } catch (MappingException e) {
                        tx.rollback(before);
                        errors[i] = IngestError.of(e.code().name(), e.getMessage());
                    } catch (MessageApplier.Failed e) {
                        tx.rollback(before);
                        errors[i] = IngestError.of(e.code(), e.getMessage());
                    } catch (SQLException e) {
                        if (SqlErrors.isRetryable(e) || SqlErrors.isUnavailable(e)) {
                            throw e;
                        }
                        tx.rollback(before);
                        errors[i] = IngestError.storeFailed(e);
                    } catch (RuntimeException e) {
                        tx.rollback(before);
                        errors[i] = IngestError.storeFailed(e);
                    }
                }
                Map<String, State> after = states(tx, lastWriter.keySet());
                Map<String, State> stored;
                try (Connection committed = dataSource.getConnection()) {
                    committed.setAutoCommit(true);
                    stored = states(committed, lastWriter.keySet());
                }
                return plan(rows, errors, lastWriter, stored, after);
            } finally {
                tx.rollback();
                applied.forEach(a -> a.ending().ended(false));
            }
        }
    }

    private static Plan plan(List<ReprocessJobs.Row> rows, IngestError[] errors, Map<String, Integer> lastWriter,
            Map<String, State> stored, Map<String, State> after) {
        List<List<String>> resources = new ArrayList<>();
        int[][] counts = new int[rows.size()][3];
        for (int i = 0; i < rows.size(); i++) {
            resources.add(new ArrayList<>());
        }
        boolean changes = false;
        for (Map.Entry<String, Integer> e : lastWriter.entrySet()) {
            State was = stored.getOrDefault(e.getKey(), State.ABSENT);
            State now = after.getOrDefault(e.getKey(), State.ABSENT);
            int i = e.getValue();
            if (!was.exists() && now.exists()) {
                counts[i][0]++;
                resources.get(i).add("created " + e.getKey());
                changes = true;
            } else if (was.exists() && (!now.exists() || !was.hash().equals(now.hash()))) {
                counts[i][1]++;
                resources.get(i).add("changed " + e.getKey());
                changes = true;
            } else {
                counts[i][2]++;
            }
        }
        List<ReprocessJobs.Item> items = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ReprocessJobs.Row row = rows.get(i);
            IngestError error = errors[i];
            String outcome = error != null ? "failed" : counts[i][0] + counts[i][1] > 0 ? "changed" : "unchanged";
            items.add(new ReprocessJobs.Item(row.message().id(), row.messageType(), outcome, counts[i][0],
                    counts[i][1], counts[i][2], resources.get(i), error == null ? null : error.code(),
                    error == null ? null : error.text()));
        }
        return new Plan(items, changes);
    }

    /** {@code Type/id} of {@code Type/id/_history/n}. */
    static String versionless(String ref) {
        int h = ref.indexOf("/_history/");
        return h < 0 ? ref : ref.substring(0, h);
    }

    /** Whether each resource exists (not deleted) and its content hash, as {@code c} sees them. */
    private static Map<String, State> states(Connection c, java.util.Collection<String> refs) throws SQLException {
        Map<String, State> out = new HashMap<>();
        if (refs.isEmpty()) {
            return out;
        }
        List<String> types = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String ref : refs) {
            int slash = ref.indexOf('/');
            types.add(ref.substring(0, slash));
            ids.add(ref.substring(slash + 1));
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT r.res_type, r.res_id, r.deleted, r.content_hash"
                + " FROM resource r JOIN unnest(?::varchar[], ?::varchar[]) AS k(t, i)"
                + " ON r.res_type = k.t AND r.res_id = k.i")) {
            ps.setArray(1, c.createArrayOf("varchar", types.toArray()));
            ps.setArray(2, c.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean exists = !rs.getBoolean(3);
                    out.put(rs.getString(1) + "/" + rs.getString(2), new State(exists, exists ? rs.getString(4) : ""));
                }
            }
        }
        return out;
    }
}
