package org.fhirgateway.server.search;

import java.util.List;
import java.util.Set;
import org.fhirgateway.server.store.IndexRows;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Timing;

/**
 * Date parameters, stored as inclusive ranges [lo, hi] so precision is kept; prefixes eq, ne, gt, lt, ge, le, sa,
 * eb, ap compare the stored range with the range of the query value.
 */
final class DateKind implements ParamKind {

    static final Set<String> PREFIXES = Set.of("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap");

    @Override
    public String table() {
        return "idx_date";
    }

    @Override
    public Set<String> modifiers() {
        return Set.of();
    }

    @Override
    public void extract(ParamDef def, IBase value, IndexRows rows) {
        long p = def.paramHash();
        if (value instanceof BaseDateTimeType dt) {
            DateRange r = range(dt);
            if (r != null) {
                rows.add(new IndexRows.DateRow(p, r.low(), r.high()));
            }
        } else if (value instanceof Period period) {
            DateRange start = period.hasStart() ? range(period.getStartElement()) : null;
            DateRange end = period.hasEnd() ? range(period.getEndElement()) : null;
            if (start != null || end != null) {
                rows.add(new IndexRows.DateRow(p, start == null ? DateRange.MIN : start.low(),
                        end == null ? DateRange.MAX : end.high()));
            }
        } else if (value instanceof Timing timing) {
            for (DateTimeType event : timing.getEvent()) {
                extract(def, event, rows);
            }
        }
    }

    private static DateRange range(BaseDateTimeType dt) {
        String s = dt.getValueAsString();
        if (s == null) {
            return null;
        }
        try {
            return DateRange.parse(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void predicate(Sql sql, String resAlias, ParamDef def, String modifier, List<String> values) {
        String d = sql.alias("dt");
        sql.semiJoin(resAlias, "idx_date", d).append(d).append(".param_hash = ").bind(def.paramHash())
                .append(" AND (");
        boolean first = true;
        for (String v : values) {
            sql.append(first ? "" : " OR ");
            first = false;
            rangePredicate(sql, d + ".lo", d + ".hi", def.name(), v);
        }
        sql.append("))");
    }

    /** Appends the comparison of a stored [lo, hi] with a prefixed query value; also used for _lastUpdated. */
    static void rangePredicate(Sql sql, String lo, String hi, String paramName, String raw) {
        String prefix = raw.length() > 2 && PREFIXES.contains(raw.substring(0, 2)) ? raw.substring(0, 2) : "eq";
        String date = prefix.equals("eq") && !raw.startsWith("eq") ? raw : raw.substring(2);
        DateRange q;
        try {
            q = DateRange.parse(date);
        } catch (IllegalArgumentException e) {
            throw Values.invalid(paramName, "not a valid date");
        }
        switch (prefix) {
            case "eq" -> sql.append("(" + lo + " >= ").bind(q.low()).append(" AND " + hi + " <= ").bind(q.high()).append(")");
            case "ne" -> sql.append("(" + lo + " < ").bind(q.low()).append(" OR " + hi + " > ").bind(q.high()).append(")");
            case "gt" -> sql.append(hi + " > ").bind(q.high());
            case "lt" -> sql.append(lo + " < ").bind(q.low());
            case "ge" -> sql.append(hi + " >= ").bind(q.low());
            case "le" -> sql.append(lo + " <= ").bind(q.high());
            case "sa" -> sql.append(lo + " > ").bind(q.high());
            case "eb" -> sql.append(hi + " < ").bind(q.low());
            default -> {
                long slack = Math.max(86_400_000L, (q.high() - q.low()) / 10);
                sql.append("(" + lo + " <= ").bind(q.high() + slack).append(" AND " + hi + " >= ")
                        .bind(q.low() - slack).append(")");
            }
        }
    }

    @Override
    public String sortColumn(boolean descending) {
        return descending ? "hi" : "lo";
    }
}
