package org.fhirgateway.server.search;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.fhirgateway.server.store.IndexRows;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Quantity;

/** Quantity parameters: {@code [prefix]number|system|code}, {@code number||code} or {@code number}. No unit conversion. */
final class QuantityKind implements ParamKind {

    @Override
    public String table() {
        return "idx_quantity";
    }

    @Override
    public Set<String> modifiers() {
        return Set.of();
    }

    @Override
    public void extract(ParamDef def, IBase value, IndexRows rows) {
        if (value instanceof Quantity q && q.hasValue()) {
            BigDecimal stored = NumberKind.storable(q.getValue());
            if (stored != null) {
                String code = q.hasCode() ? q.getCode() : q.getUnit();
                rows.add(new IndexRows.QuantityRow(def.paramHash(), stored, q.getSystem(), code));
            }
        }
    }

    @Override
    public void predicate(Sql sql, String resAlias, ParamDef def, String modifier, List<String> values) {
        String q = sql.alias("qty");
        sql.semiJoin(resAlias, "idx_quantity", q).append(q).append(".param_hash = ").bind(def.paramHash())
                .append(" AND (");
        boolean first = true;
        for (String v : values) {
            sql.append(first ? "(" : " OR (");
            first = false;
            String[] parts = v.split("\\|", -1);
            NumberKind.compare(sql, q + ".val", def.name(), parts[0]);
            if (parts.length == 3) {
                if (!parts[1].isEmpty()) {
                    sql.append(" AND " + q + ".sys = ").bind(parts[1]);
                }
                if (!parts[2].isEmpty()) {
                    sql.append(" AND " + q + ".code = ").bind(parts[2]);
                }
            } else if (parts.length != 1) {
                throw Values.invalid(def.name(), "expected number|system|code");
            }
            sql.append(")");
        }
        sql.append("))");
    }

    @Override
    public String sortColumn(boolean descending) {
        return "val";
    }
}
