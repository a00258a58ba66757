package org.fhirgateway.server.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** SQL text under construction with its bound values; table/column names come from code, values are bound. */
final class Sql {

    private final StringBuilder text = new StringBuilder();
    private final List<Object> binds = new ArrayList<>();
    private int aliases;
    private boolean correlated;

    /**
     * Renders criteria as correlated {@code EXISTS} instead of uncorrelated semi-joins: for a statement that already
     * has a handful of candidate rows by primary key, each criterion is then one index probe per candidate instead of
     * every match of the criterion.
     */
    Sql correlated() {
        correlated = true;
        return this;
    }

    Sql append(String s) {
        text.append(s);
        return this;
    }

    /** Appends a placeholder bound to {@code value}. */
    Sql bind(Object value) {
        text.append('?');
        binds.add(value);
        return this;
    }

    /** Appends SQL text that holds its own placeholders, with their values in order. */
    Sql fragment(String sql, List<Object> values) {
        text.append(sql);
        binds.addAll(values);
        return this;
    }

    /** Appends {@code (?, ?, ...)} bound to the values. */
    Sql bindList(Collection<?> values) {
        text.append('(');
        boolean first = true;
        for (Object v : values) {
            text.append(first ? "?" : ", ?");
            binds.add(v);
            first = false;
        }
        return append(")");
    }

    /**
     * Opens {@code resAlias.res_pk IN (SELECT x.res_pk FROM table x WHERE }: an uncorrelated semi-join, so the
     * database starts from the index table's matching rows and probes the resource primary key.
     * The caller appends the conditions and the closing parenthesis.
     */
    Sql semiJoin(String resAlias, String table, String x) {
        return semiJoinFrom(resAlias, table + " " + x, x);
    }

    /**
     * As {@link #semiJoin} with a FROM clause (e.g. a join) whose alias {@code x} has the {@code res_pk}; in
     * {@link #correlated()} mode {@code EXISTS (SELECT 1 FROM from WHERE x.res_pk = resAlias.res_pk AND }.
     */
    Sql semiJoinFrom(String resAlias, String from, String x) {
        if (correlated) {
            return append("EXISTS (SELECT 1 FROM " + from + " WHERE " + x + ".res_pk = " + resAlias + ".res_pk AND ");
        }
        return append(resAlias + ".res_pk IN (SELECT " + x + ".res_pk FROM " + from + " WHERE ");
    }

    /** A fresh table alias, unique in this statement. */
    String alias(String prefix) {
        return prefix + (++aliases);
    }

    String text() {
        return text.toString();
    }

    List<Object> binds() {
        return binds;
    }

    @Override
    public String toString() {
        return text + "  -- binds " + binds;
    }
}
