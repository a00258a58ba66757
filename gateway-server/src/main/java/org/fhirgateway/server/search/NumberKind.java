package org.fhirgateway.server.search;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Set;
import org.fhirgateway.server.store.IndexRows;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;

/**
 * Number parameters with prefixes; {@code eq} (the default) honours the precision of the query value:
 * {@code 100} matches [99.5, 100.5), {@code 100.0} matches [99.95, 100.05).
 */
final class NumberKind implements ParamKind {

    static final int MAX_NUMBER_CHARS = 64;
    static final int MAX_INTEGER_DIGITS = 28;
    static final int MAX_QUERY_SCALE = 20;

    @Override
    public String table() {
        return "idx_number";
    }

    @Override
    public Set<String> modifiers() {
        return Set.of();
    }

    @Override
    public void extract(ParamDef def, IBase value, IndexRows rows) {
        BigDecimal n = null;
        if (value instanceof DecimalType d) {
            n = d.getValue();
        } else if (value instanceof IntegerType i && i.getValue() != null) {
            n = BigDecimal.valueOf(i.getValue());
        }
        BigDecimal stored = storable(n);
        if (stored != null) {
            rows.add(new IndexRows.NumberRow(def.paramHash(), stored));
        }
    }

    /**
     * A query number, bounded before any arithmetic: {@code 1e9999999} is nine characters, but aligning its scale
     * for a subtraction builds a ten-million-digit integer (tens of seconds of CPU). Accepted are the values the
     * NUMERIC(38,10) columns can compare with: at most {@value #MAX_INTEGER_DIGITS} digits before the point and
     * {@value #MAX_QUERY_SCALE} after it.
     */
    static BigDecimal parse(String paramName, String number) {
        if (number.isEmpty() || number.length() > MAX_NUMBER_CHARS) {
            throw Values.invalid(paramName, number.isEmpty() ? "no number" : "number longer than " + MAX_NUMBER_CHARS
                    + " characters");
        }
        BigDecimal q;
        try {
            q = new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw Values.invalid(paramName, "not a number");
        }
        long integerDigits = (long) q.precision() - q.scale(); // long: precision 1, scale -2^31 overflows an int
        if (integerDigits > MAX_INTEGER_DIGITS || q.scale() > MAX_QUERY_SCALE) {
            throw Values.invalid(paramName, "number out of range (at most " + MAX_INTEGER_DIGITS
                    + " digits before the point and " + MAX_QUERY_SCALE + " after it)");
        }
        return q;
    }

    /** The value as the NUMERIC(38,10) column holds it, or null when it does not fit. */
    static BigDecimal storable(BigDecimal n) {
        if (n == null || (long) n.precision() - n.scale() > 28) {
            return null; // checked before setScale, which would expand 1e9999999 into ten million digits
        }
        if ((long) n.scale() - n.precision() > 20) {
            return BigDecimal.ZERO.setScale(10); // below 1e-20: rounds to zero; setScale would expand 1e-999999
        }
        BigDecimal scaled = n.setScale(10, RoundingMode.HALF_UP);
        return scaled.precision() - scaled.scale() > 27 ? null : scaled;
    }

    @Override
    public void predicate(Sql sql, String resAlias, ParamDef def, String modifier, List<String> values) {
        String n = sql.alias("num");
        sql.semiJoin(resAlias, "idx_number", n).append(n).append(".param_hash = ").bind(def.paramHash())
                .append(" AND (");
        boolean first = true;
        for (String v : values) {
            sql.append(first ? "" : " OR ");
            first = false;
            compare(sql, n + ".val", def.name(), v);
        }
        sql.append("))");
    }

    /** Appends a prefixed numeric comparison on {@code column}; shared with quantities. */
    static void compare(Sql sql, String column, String paramName, String raw) {
        boolean prefixed = raw.length() > 2 && DateKind.PREFIXES.contains(raw.substring(0, 2));
        String prefix = prefixed ? raw.substring(0, 2) : "eq";
        BigDecimal q = parse(paramName, prefixed ? raw.substring(2) : raw);
        BigDecimal half = BigDecimal.ONE.movePointLeft(Math.max(q.scale(), 0)).divide(BigDecimal.valueOf(2));
        switch (prefix) {
            case "eq" -> sql.append("(" + column + " >= ").bind(q.subtract(half)).append(" AND " + column + " < ")
                    .bind(q.add(half)).append(")");
            case "ne" -> sql.append("(" + column + " < ").bind(q.subtract(half)).append(" OR " + column + " >= ")
                    .bind(q.add(half)).append(")");
            case "gt", "sa" -> sql.append(column + " > ").bind(q);
            case "lt", "eb" -> sql.append(column + " < ").bind(q);
            case "ge" -> sql.append(column + " >= ").bind(q);
            case "le" -> sql.append(column + " <= ").bind(q);
            default -> {
                BigDecimal slack = q.abs().divide(BigDecimal.TEN).max(half);
                sql.append("(" + column + " >= ").bind(q.subtract(slack)).append(" AND " + column + " <= ")
                        .bind(q.add(slack)).append(")");
            }
        }
    }

    @Override
    public String sortColumn(boolean descending) {
        return "val";
    }
}
