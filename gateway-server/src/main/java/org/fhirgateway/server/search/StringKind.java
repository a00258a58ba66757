package org.fhirgateway.server.search;

import java.util.List;
import java.util.Set;
import org.fhirgateway.server.store.IndexRows;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.StringType;

/**
 * String parameters: default is a case- and accent-insensitive prefix match on a normalised column;
 * {@code :exact} compares the original text, {@code :contains} matches anywhere.
 */
final class StringKind implements ParamKind {

    @Override
    public String table() {
        return "idx_string";
    }

    @Override
    public Set<String> modifiers() {
        return Set.of("exact", "contains");
    }

    @Override
    public void extract(ParamDef def, IBase value, IndexRows rows) {
        long p = def.paramHash();
        if (value instanceof HumanName name) {
            add(p, name.getFamily(), rows);
            name.getGiven().forEach(g -> add(p, g.getValue(), rows));
            name.getPrefix().forEach(g -> add(p, g.getValue(), rows));
            name.getSuffix().forEach(g -> add(p, g.getValue(), rows));
            add(p, name.getText(), rows);
        } else if (value instanceof Address a) {
            a.getLine().forEach(l -> add(p, l.getValue(), rows));
            add(p, a.getCity(), rows);
            add(p, a.getDistrict(), rows);
            add(p, a.getState(), rows);
            add(p, a.getPostalCode(), rows);
            add(p, a.getCountry(), rows);
            add(p, a.getText(), rows);
        } else if (value instanceof StringType s) {
            add(p, s.getValue(), rows);
        } else if (value instanceof PrimitiveType<?> prim) {
            add(p, prim.getValueAsString(), rows);
        }
    }

    private static void add(long p, String s, IndexRows rows) {
        if (s != null && !s.isBlank()) {
            rows.add(new IndexRows.StringRow(p, Values.normalize(s), s));
        }
    }

    @Override
    public void predicate(Sql sql, String resAlias, ParamDef def, String modifier, List<String> values) {
        String s = sql.alias("str");
        sql.semiJoin(resAlias, "idx_string", s).append(s).append(".param_hash = ").bind(def.paramHash())
                .append(" AND (");
        boolean first = true;
        for (String raw : values) {
            String v = Values.unescape(raw);
            sql.append(first ? "" : " OR ");
            first = false;
            if ("exact".equals(modifier)) {
                sql.append(s + ".val_exact = ").bind(v);
            } else {
                String like = Values.escapeLike(Values.normalize(v)) + "%";
                sql.append(s + ".val_norm LIKE ").bind("contains".equals(modifier) ? "%" + like : like)
                        .append(" ESCAPE '!'");
            }
        }
        sql.append("))");
    }

    @Override
    public String sortColumn(boolean descending) {
        return "val_norm";
    }
}
