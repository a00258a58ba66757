package org.fhirgateway.server.search;

import java.util.List;
import java.util.Set;
import org.fhirgateway.server.store.IndexHash;
import org.fhirgateway.server.store.IndexRows;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.PrimitiveType;

/**
 * Token parameters: {@code code}, {@code system|code}, {@code |code}, {@code system|}; modifiers {@code :not},
 * {@code :text} (display/text, prefix, accent-insensitive), {@code :of-type} (identifiers: type-system|type-code|value)
 * and {@code :below} (a code and every code it prefixes, {@code system|C} for the ICD-10 chapter C: for code
 * systems whose hierarchy is spelled in their codes, such as ICD-10-CM; no terminology server is asked).
 */
final class TokenKind implements ParamKind {

    static final String OF_TYPE = ":of-type";

    @Override
    public String table() {
        return "idx_token";
    }

    @Override
    public Set<String> modifiers() {
        return Set.of("not", "text", "of-type", "below");
    }

    @Override
    public void extract(ParamDef def, IBase value, IndexRows rows) {
        long p = def.paramHash();
        if (value instanceof Coding c) {
            addCoding(p, c, c.getDisplay(), rows);
        } else if (value instanceof CodeableConcept cc) {
            for (Coding c : cc.getCoding()) {
                addCoding(p, c, cc.hasText() ? cc.getText() : c.getDisplay(), rows);
            }
            if (!cc.hasCoding() && cc.hasText()) {
                rows.add(row(p, null, null, cc.getText()));
            }
        } else if (value instanceof Identifier id) {
            addIdentifier(def, id, rows);
        } else if (value instanceof ContactPoint cp) {
            if (cp.hasValue()) {
                rows.add(row(p, null, cp.getValue(), null));
            }
        } else if (value instanceof Enumeration<?> e) {
            if (e.getValueAsString() != null) {
                rows.add(row(p, e.getSystem(), e.getValueAsString(), null));
            }
        } else if (value instanceof BooleanType b) {
            if (b.getValue() != null) {
                rows.add(row(p, null, b.getValue().toString(), null));
            }
        } else if (value instanceof PrimitiveType<?> prim && prim.getValueAsString() != null) {
            rows.add(row(p, null, prim.getValueAsString(), null));
        }
    }

    private static void addCoding(long p, Coding c, String text, IndexRows rows) {
        if (c.hasCode() || text != null) {
            rows.add(row(p, c.getSystem(), c.getCode(), text));
        }
    }

    private static void addIdentifier(ParamDef def, Identifier id, IndexRows rows) {
        if (!id.hasValue()) {
            return;
        }
        String text = id.getType().hasText() ? id.getType().getText() : null;
        rows.add(row(def.paramHash(), id.getSystem(), id.getValue(), text));
        long ofType = def.hashFor(def.name() + OF_TYPE);
        for (Coding type : id.getType().getCoding()) {
            String typeKey = (type.hasSystem() ? type.getSystem() : "") + "|" + type.getCode();
            rows.add(row(ofType, typeKey, id.getValue(), null));
        }
    }

    /** A token row; also used by the reference kind for {@code :identifier}. */
    static IndexRows.TokenRow row(long p, String system, String value, String text) {
        String sys = system == null || system.isEmpty() ? null : system;
        return new IndexRows.TokenRow(p, IndexHash.tokenValue(p, value), IndexHash.tokenSystem(p, sys),
                IndexHash.tokenSystemValue(p, sys, value), sys, value, Values.normalize(text));
    }

    @Override
    public void predicate(Sql sql, String resAlias, ParamDef def, String modifier, List<String> values) {
        if ("text".equals(modifier)) {
            textPredicate(sql, resAlias, def.paramHash(), values);
            return;
        }
        if ("below".equals(modifier)) {
            belowPredicate(sql, resAlias, def.paramHash(), values);
            return;
        }
        long p = OF_TYPE.equals(":" + modifier) ? def.hashFor(def.name() + OF_TYPE) : def.paramHash();
        if ("not".equals(modifier)) {
            appendNoMatch(sql, resAlias, p, values);
        } else {
            appendMatch(sql, resAlias, p, "of-type".equals(modifier), values);
        }
    }

    /** {@code r.res_pk IN (SELECT t.res_pk FROM idx_token t WHERE (hash = ? OR ...))}. */
    static void appendMatch(Sql sql, String resAlias, long p, boolean ofType, List<String> values) {
        String t = sql.alias("tok");
        sql.semiJoin(resAlias, "idx_token", t).append("(");
        appendValues(sql, t, p, ofType, values);
    }

    /** {@code NOT EXISTS (SELECT 1 FROM idx_token t WHERE t.res_pk = r.res_pk AND (hash = ? OR ...))}. */
    private static void appendNoMatch(Sql sql, String resAlias, long p, List<String> values) {
        String t = sql.alias("tok");
        sql.append("NOT EXISTS (SELECT 1 FROM idx_token ").append(t).append(" WHERE ").append(t).append(".res_pk = ")
                .append(resAlias).append(".res_pk AND (");
        appendValues(sql, t, p, false, values);
    }

    private static void appendValues(Sql sql, String t, long p, boolean ofType, List<String> values) {
        boolean first = true;
        for (String v : values) {
            sql.append(first ? "" : " OR ");
            first = false;
            appendOne(sql, t, p, ofType ? ofTypeValue(v) : Values.splitBar(v));
        }
        sql.append("))");
    }

    private static String[] ofTypeValue(String v) {
        String[] first = Values.splitBar(v);
        String[] second = first[0] == null ? null : Values.splitBar(first[1]);
        if (second == null || second[0] == null) {
            throw Values.invalid("identifier:of-type", "expected type-system|type-code|value");
        }
        return new String[] {first[0] + "|" + second[0], Values.unescape(second[1])};
    }

    private static void appendOne(Sql sql, String t, long p, String[] systemAndCode) {
        String system = systemAndCode[0];
        String code = Values.unescape(systemAndCode[1]);
        if (system == null) {
            sql.append(t + ".hash_value = ").bind(IndexHash.tokenValue(p, code));
        } else if (code.isEmpty()) {
            sql.append(t + ".hash_system = ").bind(IndexHash.tokenSystem(p, system.isEmpty() ? null : system));
        } else {
            sql.append(t + ".hash_sys_value = ").bind(IndexHash.tokenSystemValue(p, system, code));
        }
    }

    private static void textPredicate(Sql sql, String resAlias, long p, List<String> values) {
        String t = sql.alias("tok");
        sql.semiJoin(resAlias, "idx_token", t).append(t).append(".param_hash = ").bind(p).append(" AND (");
        boolean first = true;
        for (String v : values) {
            sql.append(first ? "" : " OR ").append(t).append(".text_norm LIKE ")
                    .bind(Values.escapeLike(Values.normalize(Values.unescape(v))) + "%").append(" ESCAPE '!'");
            first = false;
        }
        sql.append("))");
    }

    private static void belowPredicate(Sql sql, String resAlias, long p, List<String> values) {
        String t = sql.alias("tok");
        sql.semiJoin(resAlias, "idx_token", t).append(t).append(".param_hash = ").bind(p).append(" AND (");
        boolean first = true;
        for (String v : values) {
            String[] systemAndCode = Values.splitBar(v);
            String code = Values.unescape(systemAndCode[1]);
            if (code.isEmpty()) {
                throw Values.invalid(":below", "expected [system|]code-prefix");
            }
            sql.append(first ? "(" : " OR (");
            if (systemAndCode[0] != null && !systemAndCode[0].isEmpty()) {
                sql.append(t + ".hash_system = ").bind(IndexHash.tokenSystem(p, systemAndCode[0])).append(" AND ");
            }
            sql.append(t + ".val LIKE ").bind(Values.escapeLike(code) + "%").append(" ESCAPE '!')");
            first = false;
        }
        sql.append("))");
    }

    @Override
    public String sortColumn(boolean descending) {
        return "val";
    }
}
