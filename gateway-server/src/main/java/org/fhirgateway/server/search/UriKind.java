package org.fhirgateway.server.search;

import java.util.List;
import java.util.Set;
import org.fhirgateway.server.store.IndexHash;
import org.fhirgateway.server.store.IndexRows;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.PrimitiveType;

/** URI parameters: exact match by hash; {@code :below} is a prefix match. */
final class UriKind implements ParamKind {

    @Override
    public String table() {
        return "idx_uri";
    }

    @Override
    public Set<String> modifiers() {
        return Set.of("below");
    }

    @Override
    public void extract(ParamDef def, IBase value, IndexRows rows) {
        if (value instanceof PrimitiveType<?> prim && prim.getValueAsString() != null) {
            String uri = prim.getValueAsString();
            rows.add(new IndexRows.UriRow(def.paramHash(), IndexHash.uri(def.paramHash(), uri), uri));
        }
    }

    @Override
    public void predicate(Sql sql, String resAlias, ParamDef def, String modifier, List<String> values) {
        String u = sql.alias("uri");
        sql.semiJoin(resAlias, "idx_uri", u).append("(");
        boolean first = true;
        for (String raw : values) {
            String v = Values.unescape(raw);
            sql.append(first ? "" : " OR ");
            first = false;
            if ("below".equals(modifier)) {
                sql.append("(" + u + ".param_hash = ").bind(def.paramHash()).append(" AND " + u + ".uri LIKE ")
                        .bind(Values.escapeLike(v) + "%").append(" ESCAPE '!')");
            } else {
                sql.append(u + ".hash_uri = ").bind(IndexHash.uri(def.paramHash(), v));
            }
        }
        sql.append("))");
    }

    @Override
    public String sortColumn(boolean descending) {
        return "uri";
    }
}
