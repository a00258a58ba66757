package org.fhirgateway.server.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link QueryModel} to SQL: ids from the slim {@code resource} table, one EXISTS per criterion,
 * consent predicates in the same WHERE, keyset paging (never OFFSET) with NULL treated as larger than every value
 * and the primary key as final tiebreak. Sort values are aggregated (MIN ascending, MAX descending) over LEFT JOINs
 * of the index tables, grouped per resource, so each is computed once per row; the keyset is a HAVING on them.
 */
final class SqlPlanner {

    private SqlPlanner() {
    }

    /** {@code FROM resource r WHERE type, not deleted, criteria, access}. */
    static void where(Sql sql, QueryModel m, List<Criterion> access) {
        sql.append(" FROM resource r");
        whereClause(sql, m, access);
    }

    private static void whereClause(Sql sql, QueryModel m, List<Criterion> access) {
        sql.append(" WHERE r.res_type = ").bind(m.resourceType()).append(" AND r.deleted = FALSE");
        for (Criterion c : m.criteria()) {
            sql.append(" AND ");
            c.render(sql, "r");
        }
        for (Criterion c : access) {
            sql.append(" AND ");
            c.render(sql, "r");
        }
    }

    static Sql count(QueryModel m, List<Criterion> access) {
        Sql sql = new Sql().append("SELECT COUNT(*)");
        where(sql, m, access);
        return sql;
    }

    /** The number of matches, counting no further than {@code limit}. */
    static Sql countUpTo(QueryModel m, List<Criterion> access, int limit) {
        Sql sql = new Sql().append("SELECT COUNT(*) FROM (SELECT 1 AS one");
        where(sql, m, access);
        return sql.append(" LIMIT ").bind(limit).append(") bounded");
    }

    /** Ids only, no order (conditional matching). */
    static Sql ids(QueryModel m, List<Criterion> access, int limit) {
        Sql sql = new Sql().append("SELECT r.res_id");
        where(sql, m, access);
        return sql.append(" LIMIT ").bind(limit);
    }

    /** One page of row keys; {@code backward} walks the order in reverse from {@code after}. */
    static Sql page(QueryModel m, List<Criterion> access, Position after, int limit, boolean backward) {
        List<QueryModel.SortKey> sort = m.options().sort();
        Sql sql = new Sql();
        List<String> expressions = new ArrayList<>();
        List<String> joinAliases = new ArrayList<>();
        for (QueryModel.SortKey key : sort) {
            String alias = key.def() == null ? null : sql.alias("srt");
            joinAliases.add(alias);
            expressions.add(sortExpression(key, alias));
        }
        sql.append("SELECT r.res_pk");
        for (int i = 0; i < sort.size(); i++) {
            sql.append(", " + expressions.get(i) + " AS s" + i);
        }
        sql.append(" FROM resource r");
        for (int i = 0; i < sort.size(); i++) {
            QueryModel.SortKey key = sort.get(i);
            if (key.def() != null) {
                String x = joinAliases.get(i);
                sql.append(" LEFT JOIN " + key.kind().table() + " " + x + " ON " + x + ".res_pk = r.res_pk AND " + x
                        + ".param_hash = ").bind(key.def().paramHash());
            }
        }
        whereClause(sql, m, access);
        if (!sort.isEmpty()) {
            sql.append(" GROUP BY r.res_pk, r.res_id, r.last_updated");
        }
        if (after != null) {
            sql.append(sort.isEmpty() ? " AND " : " HAVING ");
            keysetAfter(sql, new Keyset(sort, expressions, after, backward), 0);
        }
        sql.append(" ORDER BY ");
        for (int i = 0; i < sort.size(); i++) {
            boolean desc = sort.get(i).descending() != backward;
            sql.append("s" + i + (desc ? " DESC NULLS FIRST, " : " ASC NULLS LAST, "));
        }
        sql.append("r.res_pk" + (backward ? " DESC" : " ASC"));
        return sql.append(" LIMIT ").bind(limit);
    }

    private static String sortExpression(QueryModel.SortKey key, String alias) {
        if ("_id".equals(key.name())) {
            return "r.res_id";
        }
        if ("_lastUpdated".equals(key.name())) {
            return "r.last_updated";
        }
        return (key.descending() ? "MAX(" : "MIN(") + alias + "." + key.kind().sortColumn(key.descending()) + ")";
    }

    /** The sort keys, their SQL expressions and the position to continue after. */
    private record Keyset(List<QueryModel.SortKey> sort, List<String> expressions, Position position,
            boolean backward) {
    }

    /** Rows strictly after the position in the (possibly reversed) order, keys from index {@code i}. */
    private static void keysetAfter(Sql sql, Keyset k, int i) {
        if (i == k.sort().size()) {
            sql.append("r.res_pk" + (k.backward() ? " < " : " > ")).bind(k.position().pk());
            return;
        }
        String col = k.expressions().get(i);
        Object v = k.position().values().get(i);
        boolean desc = k.sort().get(i).descending() != k.backward();
        sql.append("(");
        if (v == null) {
            sql.append(desc ? col + " IS NOT NULL" : "1 = 0");
            sql.append(" OR (" + col + " IS NULL AND ");
        } else {
            if (desc) {
                sql.append(col + " < ").bind(v);
            } else {
                sql.append("(" + col + " > ").bind(v).append(" OR " + col + " IS NULL)");
            }
            sql.append(" OR (" + col + " = ").bind(v).append(" AND ");
        }
        keysetAfter(sql, k, i + 1);
        sql.append("))");
    }
}
