package org.fhirgateway.server.search;

import java.util.List;
import java.util.Set;
import org.fhirgateway.server.store.IndexRows;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;

/**
 * Reference parameters: by {@code id}, {@code Type/id} or absolute URL; type modifier ({@code subject:Patient=123});
 * {@code :identifier} (Reference.identifier, indexed as token rows of the derived parameter {@code name:identifier}).
 * Chains and {@code _has} are built on these rows by the planner.
 */
final class ReferenceKind implements ParamKind {

    static final String IDENTIFIER = ":identifier";

    /** A parsed reference target: local (type, id) or absolute url. */
    record Target(String type, String id, String url) {
    }

    @Override
    public String table() {
        return "idx_reference";
    }

    @Override
    public Set<String> modifiers() {
        return Set.of("identifier");
    }

    @Override
    public void extract(ParamDef def, IBase value, IndexRows rows) {
        long p = def.paramHash();
        if (value instanceof Reference ref) {
            if (ref.hasReference()) {
                Target t = parse(ref.getReference(), def);
                if (t != null) {
                    rows.add(new IndexRows.ReferenceRow(p, t.type(), t.id(), t.url()));
                }
            }
            if (ref.hasIdentifier() && ref.getIdentifier().hasValue()) {
                Identifier id = ref.getIdentifier();
                rows.add(TokenKind.row(def.hashFor(def.name() + IDENTIFIER), id.getSystem(), id.getValue(), null));
            }
        } else if (value instanceof PrimitiveType<?> canonical && canonical.getValueAsString() != null) {
            rows.add(new IndexRows.ReferenceRow(p, null, null, canonical.getValueAsString()));
        }
    }

    /** Parses a reference string; null for contained ({@code #x}) references. */
    static Target parse(String reference, ParamDef def) {
        if (reference.startsWith("#")) {
            return null;
        }
        if (reference.contains(":")) {
            return new Target(null, null, reference);
        }
        String[] parts = reference.split("/");
        if (parts.length == 2 || (parts.length == 4 && "_history".equals(parts[2]))) {
            return new Target(parts[0], parts[1], null);
        }
        if (parts.length == 1 && def.targets().size() == 1) {
            return new Target(def.targets().iterator().next(), parts[0], null);
        }
        return null;
    }

    @Override
    public void predicate(Sql sql, String resAlias, ParamDef def, String modifier, List<String> values) {
        if ("identifier".equals(modifier)) {
            TokenKind.appendMatch(sql, resAlias, def.hashFor(def.name() + IDENTIFIER), false, values);
            return;
        }
        String r = sql.alias("ref");
        sql.semiJoin(resAlias, "idx_reference", r).append(r).append(".param_hash = ")
                .bind(def.paramHash()).append(" AND (");
        boolean first = true;
        for (String raw : values) {
            sql.append(first ? "" : " OR ");
            first = false;
            appendTarget(sql, r, def, modifier, Values.unescape(raw));
        }
        sql.append("))");
    }

    private static void appendTarget(Sql sql, String r, ParamDef def, String typeModifier, String value) {
        if (value.contains("://") || value.startsWith("urn:")) {
            sql.append(r + ".target_url = ").bind(value);
            return;
        }
        String[] parts = value.split("/");
        String type = typeModifier;
        String id = value;
        if (parts.length == 2 || (parts.length == 4 && "_history".equals(parts[2]))) {
            type = parts[0];
            id = parts[1];
        } else if (parts.length != 1) {
            throw Values.invalid(def.name(), "expected id, Type/id or an absolute URL");
        }
        if (type != null) {
            sql.append("(" + r + ".target_type = ").bind(type).append(" AND " + r + ".target_id = ").bind(id).append(")");
        } else {
            sql.append(r + ".target_id = ").bind(id);
        }
    }

    @Override
    public String sortColumn(boolean descending) {
        return "target_id";
    }
}
