package org.fhirgateway.server.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** SQL text under construction with its bound values; table/column names come from code, values are bound. */
final class Sql {

    private final StringBuilder text = new StringBuilder();
    private final List<Object> binds = new ArrayList<>();
    private int aliases;

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
     * database starts from the index table's matching rows and probes the resource primary key. (H2 runs a
     * correlated {@code EXISTS} by scanning every resource of the type; PostgreSQL plans both forms the same.)
     * The caller appends the conditions and the closing parenthesis.
     */
    Sql semiJoin(String resAlias, String table, String x) {
        return append(resAlias + ".res_pk IN (SELECT " + x + ".res_pk FROM " + table + " " + x + " WHERE ");
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
