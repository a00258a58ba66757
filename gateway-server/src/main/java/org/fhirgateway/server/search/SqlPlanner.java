package org.fhirgateway.server.search;

import java.util.List;

/**
 * Renders a {@link QueryModel} to SQL: ids from the slim {@code resource} table, one EXISTS per criterion,
 * consent predicates in the same WHERE, sort values as correlated MIN/MAX over the index table, keyset paging
 * (never OFFSET) with NULL treated as larger than every value and the primary key as final tiebreak.
 */
final class SqlPlanner {

    private SqlPlanner() {
    }

    /** {@code resource r WHERE type, not deleted, criteria, access}. */
    static void where(Sql sql, QueryModel m, List<Criterion> access) {
        sql.append(" FROM resource r WHERE r.res_type = ").bind(m.resourceType()).append(" AND r.deleted = FALSE");
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

    /** Ids only, no order (conditional matching). */
    static Sql ids(QueryModel m, List<Criterion> access, int limit) {
        Sql sql = new Sql().append("SELECT r.res_id");
        where(sql, m, access);
        return sql.append(" LIMIT ").bind(limit);
    }

    /** One page of row keys; {@code backward} walks the order in reverse from {@code after}. */
    static Sql page(QueryModel m, List<Criterion> access, Position after, int limit, boolean backward) {
        List<QueryModel.SortKey> sort = m.options().sort();
        Sql sql = new Sql().append("SELECT q.res_pk");
        for (int i = 0; i < sort.size(); i++) {
            sql.append(", q.s" + i);
        }
        sql.append(" FROM (SELECT r.res_pk");
        for (int i = 0; i < sort.size(); i++) {
            sql.append(", ");
            sortExpression(sql, sort.get(i));
            sql.append(" AS s" + i);
        }
        where(sql, m, access);
        sql.append(") q");
        if (after != null) {
            sql.append(" WHERE ");
            keysetAfter(sql, sort, after, 0, backward);
        }
        sql.append(" ORDER BY ");
        for (int i = 0; i < sort.size(); i++) {
            boolean desc = sort.get(i).descending() != backward;
            sql.append("q.s" + i + (desc ? " DESC NULLS FIRST, " : " ASC NULLS LAST, "));
        }
        sql.append("q.res_pk" + (backward ? " DESC" : " ASC"));
        return sql.append(" LIMIT ").bind(limit);
    }

    private static void sortExpression(Sql sql, QueryModel.SortKey key) {
        if ("_id".equals(key.name())) {
            sql.append("r.res_id");
        } else if ("_lastUpdated".equals(key.name())) {
            sql.append("r.last_updated");
        } else {
            String x = sql.alias("srt");
            String fn = key.descending() ? "MAX" : "MIN";
            sql.append("(SELECT " + fn + "(" + x + "." + key.kind().sortColumn(key.descending()) + ") FROM "
                    + key.kind().table() + " " + x + " WHERE " + x + ".res_pk = r.res_pk AND " + x + ".param_hash = ")
                    .bind(key.def().paramHash()).append(")");
        }
    }

    /** Rows strictly after {@code p} in the (possibly reversed) order, keys from index {@code i}. */
    private static void keysetAfter(Sql sql, List<QueryModel.SortKey> sort, Position p, int i, boolean backward) {
        if (i == sort.size()) {
            sql.append("q.res_pk" + (backward ? " < " : " > ")).bind(p.pk());
            return;
        }
        String col = "q.s" + i;
        Object v = p.values().get(i);
        boolean desc = sort.get(i).descending() != backward;
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
        keysetAfter(sql, sort, p, i + 1, backward);
        sql.append("))");
    }
}
