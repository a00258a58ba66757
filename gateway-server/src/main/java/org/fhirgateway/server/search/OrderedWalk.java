package org.fhirgateway.server.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One page of a search sorted by a single parameter (or unsorted, i.e. by res_pk), read in sort order from an index
 * and stopped when the page is full, instead of aggregating and sorting every match ({@link SqlPlanner#page}). It
 * returns exactly the rows {@code SqlPlanner.page} returns, in the same order, with the same sort values:
 *
 * <ul>
 *   <li>A resource's sort value is the lowest value of the parameter ascending, the highest descending. Candidates
 *       are index rows of the parameter holding that extreme (no other row of the resource is lower, resp. higher),
 *       in the order (value, res_pk) of the page; a resource whose extreme occurs in several rows is kept once.</li>
 *   <li>Each batch of candidates is checked against the criteria and consent by primary key; the first matches
 *       fill the page.</li>
 *   <li>Resources without a value sort after every value ascending (before every value descending; reversed for
 *       previous pages). They are read by primary key with a NOT EXISTS on the parameter, unless a criterion on the
 *       same parameter already requires a value.</li>
 *   <li>If {@code budget} candidates did not fill the page (criteria rarely true in sort order), the rest of the
 *       page comes from {@code SqlPlanner.page} after the last row found: same order, same keyset.</li>
 * </ul>
 *
 * Used for the kinds and directions whose index is ordered by (param_hash, value, res_pk) in the walked direction,
 * so each batch is one index range read in order: dates both ways (V40), strings, numbers and quantities
 * ascending; unsorted searches walk ix_resource_type_pk (V40). The statements of one page are not one snapshot: a
 * resource written while the page is read may be missed or seen with its new value, as between two pages.
 */
final class OrderedWalk {

    /** Searches with at most this many matches are cheaper to aggregate and sort ({@link SqlPlanner#page}). */
    static final int MIN_MATCHES = QueryModel.BOUNDED_TOTAL;

    /** Candidates examined before the rest of a page falls back to {@link SqlPlanner#page}. */
    static int budget(int limit) {
        return Math.max(2000, 20 * limit);
    }

    private OrderedWalk() {
    }

    /** Whether the sort of {@code m} can be walked in index order. */
    static boolean applies(QueryModel m) {
        List<QueryModel.SortKey> sort = m.options().sort();
        if (sort.isEmpty()) {
            return true; // by res_pk: the primary key of the resource table
        }
        if (sort.size() != 1 || sort.get(0).def() == null) {
            return false;
        }
        QueryModel.SortKey key = sort.get(0);
        ParamKind kind = key.kind();
        if (kind instanceof DateKind) {
            return true; // ix_date_lo_pk ascending, ix_date_hi_pk descending
        }
        return !key.descending()
                && (kind instanceof StringKind || kind instanceof NumberKind || kind instanceof QuantityKind);
    }

    /** Rows after {@code after} (or from the start) as {@link SqlPlanner#page} with the same arguments returns them. */
    static List<Row> rows(Connection c, QueryModel m, List<Criterion> access, Position after, int limit,
            boolean backward, int budget) throws SQLException {
        if (m.options().sort().isEmpty()) {
            return byPrimaryKey(c, m, access, after, limit, backward, budget);
        }
        QueryModel.SortKey key = m.options().sort().get(0);
        boolean valuesDesc = key.descending() != backward;
        boolean nullsFirst = valuesDesc; // "no value" is larger than every value
        boolean mayLackValue = !requiresValue(m, key.def());
        Object v = after == null ? null : after.values().get(0);
        List<Row> out = new ArrayList<>();
        if (nullsFirst) {
            if (mayLackValue && (after == null || v == null)) {
                withoutValue(c, m, access, after == null ? null : after.pk(), limit, backward, out);
                if (out.size() >= limit) {
                    return out;
                }
            }
            Position from = v == null ? null : after;
            if (!walk(c, m, access, key, from, limit, backward, budget, out)) {
                return fallback(c, m, access, after, limit, backward, out);
            }
            return out;
        }
        if (after == null || v != null) {
            if (!walk(c, m, access, key, after, limit, backward, budget, out)) {
                return fallback(c, m, access, after, limit, backward, out);
            }
            if (out.size() >= limit) {
                return out;
            }
        }
        if (mayLackValue) {
            withoutValue(c, m, access, after != null && v == null ? after.pk() : null, limit - out.size(), backward,
                    out);
        }
        return out;
    }

    /** Unsorted (by res_pk): candidates are the resources of the type in primary key order. */
    private static List<Row> byPrimaryKey(Connection c, QueryModel m, List<Criterion> access, Position after,
            int limit, boolean backward, int budget) throws SQLException {
        List<Row> out = new ArrayList<>();
        Long pk = after == null ? null : after.pk();
        int examined = 0;
        while (true) {
            int batch = Math.min(1000, Math.max(50, 2 * (limit - out.size())));
            Sql sql = new Sql().append("SELECT r.res_pk FROM resource r WHERE r.res_type = ").bind(m.resourceType());
            if (pk != null) {
                sql.append(" AND r.res_pk " + (backward ? "< " : "> ")).bind(pk);
            }
            String dir = backward ? " DESC" : " ASC";
            sql.append(" ORDER BY r.res_type" + dir + ", r.res_pk" + dir + " LIMIT ").bind(batch); // ix_resource_type_pk
            List<Row> candidates = SearchService.rows(c, sql, 0);
            if (candidates.isEmpty()) {
                return out;
            }
            if (addMatching(c, m, access, candidates, out, limit)) {
                return out;
            }
            if (candidates.size() < batch) {
                return out;
            }
            pk = candidates.get(candidates.size() - 1).pk();
            examined += candidates.size();
            if (examined >= budget) {
                return fallback(c, m, access, after, limit, backward, out);
            }
        }
    }

    /**
     * A criterion on the sort parameter itself that only an index row of it can satisfy: then every match has a
     * sort value.
     */
    static boolean requiresValue(QueryModel m, ParamDef def) {
        for (Criterion c : m.criteria()) {
            if (c instanceof Criterion.Missing mis && !mis.missing() && mis.def().paramHash() == def.paramHash()
                    && mis.def().resourceType().equals(def.resourceType())) {
                return true;
            }
            if (c instanceof Criterion.Param p && p.def().paramHash() == def.paramHash()
                    && p.def().resourceType().equals(def.resourceType())
                    && (p.kind() instanceof DateKind || p.kind() instanceof StringKind
                        || p.kind() instanceof NumberKind || p.kind() instanceof QuantityKind)) {
                return true; // their predicates (any modifier) are a semi-join on the parameter's rows
            }
        }
        return false;
    }

    /**
     * Walks the values from {@code from} (exclusive; null: from the first value) into {@code out} until it holds
     * {@code limit} rows or the values are exhausted (true), or {@code budget} candidates were examined (false).
     */
    private static boolean walk(Connection c, QueryModel m, List<Criterion> access, QueryModel.SortKey key,
            Position from, int limit, boolean backward, int budget, List<Row> out) throws SQLException {
        boolean valuesDesc = key.descending() != backward;
        Object value = from == null ? null : from.values().get(0);
        long pk = from == null ? 0 : from.pk();
        boolean inTieGroup = from != null;
        int examined = 0;
        while (true) {
            int batch = Math.min(1000, Math.max(50, 2 * (limit - out.size())));
            List<Row> raw = new ArrayList<>();
            boolean exhausted = false;
            if (inTieGroup) {
                read(c, candidates(key, value, pk, true, valuesDesc, backward, batch), raw);
            }
            if (raw.size() < batch) {
                int want = batch - raw.size();
                int before = raw.size();
                read(c, candidates(key, inTieGroup ? value : null, 0, false, valuesDesc, backward, want), raw);
                exhausted = raw.size() - before < want;
            }
            if (raw.isEmpty()) {
                return true;
            }
            List<Row> candidates = dedupe(raw);
            if (addMatching(c, m, access, candidates, out, limit)) {
                return true;
            }
            if (exhausted) {
                return true;
            }
            Row last = raw.get(raw.size() - 1);
            value = last.sortValues().get(0);
            pk = last.pk();
            inTieGroup = true;
            examined += raw.size();
            if (examined >= budget) {
                return false;
            }
        }
    }

    /**
     * Index rows holding their resource's extreme value of the parameter, in page order. {@code tieGroup}: the rows
     * of value {@code value} after {@code pk}; otherwise the rows of values after {@code value} (all if null).
     */
    static Sql candidates(QueryModel.SortKey key, Object value, long pk, boolean tieGroup, boolean valuesDesc,
            boolean pkDesc, int limit) {
        String table = key.kind().table();
        String col = key.kind().sortColumn(key.descending());
        long hash = key.def().paramHash();
        Sql sql = new Sql().append("SELECT x.res_pk, x." + col + " FROM " + table + " x WHERE x.param_hash = ")
                .bind(hash);
        if (tieGroup) {
            sql.append(" AND x." + col + " = ").bind(value).append(" AND x.res_pk " + (pkDesc ? "< " : "> "))
                    .bind(pk);
        } else if (value != null) {
            sql.append(" AND x." + col + (valuesDesc ? " < " : " > ")).bind(value);
        }
        sql.append(" AND NOT EXISTS (SELECT 1 FROM " + table + " y WHERE y.res_pk = x.res_pk AND y.param_hash = ")
                .bind(hash).append(" AND y." + col + (key.descending() ? " > " : " < ") + "x." + col + ")");
        // the index's own column order, constant ones included, so the scan reads it in order and stops at the LIMIT
        sql.append(" ORDER BY x.param_hash" + (pkDesc ? " DESC, " : " ASC, ") + "x." + col
                + (valuesDesc ? " DESC, " : " ASC, ") + "x.res_pk" + (pkDesc ? " DESC" : " ASC"));
        return sql.append(" LIMIT ").bind(limit);
    }

    /** Appends the candidates that match, in their order, until the page holds {@code limit}; true when it does. */
    private static boolean addMatching(Connection c, QueryModel m, List<Criterion> access, List<Row> candidates,
            List<Row> out, int limit) throws SQLException {
        Set<Long> matching = matching(c, m, access, candidates);
        for (Row r : candidates) {
            if (matching.contains(r.pk())) {
                out.add(r);
                if (out.size() >= limit) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The candidates' primary keys that satisfy the type, not deleted, the criteria and consent. */
    private static Set<Long> matching(Connection c, QueryModel m, List<Criterion> access, List<Row> candidates)
            throws SQLException {
        List<Long> pks = candidates.stream().map(Row::pk).toList();
        Sql sql = new Sql().correlated().append("SELECT r.res_pk");
        SqlPlanner.where(sql, m, access);
        sql.append(" AND r.res_pk IN ").bindList(pks);
        Set<Long> matching = new HashSet<>();
        try (PreparedStatement ps = ResultLoader.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                matching.add(rs.getLong(1));
            }
        }
        return matching;
    }

    /** Matches without a value of the sort parameter, by primary key after {@code afterPk} (null: from the first). */
    private static void withoutValue(Connection c, QueryModel m, List<Criterion> access, Long afterPk, int limit,
            boolean backward, List<Row> out) throws SQLException {
        QueryModel.SortKey key = m.options().sort().get(0);
        List<Criterion> criteria = new ArrayList<>(m.criteria());
        criteria.add(new Criterion.Missing(key.def(), key.kind(), true));
        QueryModel.Options o = m.options();
        QueryModel unsorted = new QueryModel(m.resourceType(), criteria, new QueryModel.Options(o.count(), List.of(),
                o.includes(), o.total(), o.summary(), o.elements()), m.ignored(), m.parameters(), m.handling());
        Position after = afterPk == null ? null : new Position(List.of(), afterPk);
        for (Row r : SearchService.rows(c, SqlPlanner.page(unsorted, access, after, limit, backward), 0)) {
            out.add(new Row(r.pk(), Collections.singletonList(null)));
        }
    }

    /** The rest of the page from the aggregating plan, after the last row found (or {@code after}). */
    private static List<Row> fallback(Connection c, QueryModel m, List<Criterion> access, Position after, int limit,
            boolean backward, List<Row> out) throws SQLException {
        Position from = out.isEmpty() ? after : out.get(out.size() - 1).position();
        out.addAll(SearchService.rows(c, SqlPlanner.page(m, access, from, limit - out.size(), backward),
                m.options().sort().size()));
        return out;
    }

    private static void read(Connection c, Sql sql, List<Row> into) throws SQLException {
        try (PreparedStatement ps = ResultLoader.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                into.add(new Row(rs.getLong(1), Collections.singletonList(SearchService.normalizeSortValue(
                        rs.getObject(2)))));
            }
        }
    }

    /** Several rows of one resource holding the same extreme value are adjacent (same value, same res_pk). */
    private static List<Row> dedupe(List<Row> raw) {
        List<Row> rows = new ArrayList<>(raw.size());
        Row previous = null;
        for (Row r : raw) {
            if (previous == null || previous.pk() != r.pk()
                    || !Objects.equals(previous.sortValues().get(0), r.sortValues().get(0))) {
                rows.add(r);
            }
            previous = r;
        }
        return rows;
    }
}
