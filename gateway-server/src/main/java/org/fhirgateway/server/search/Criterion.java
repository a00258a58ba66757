package org.fhirgateway.server.search;

import java.util.List;
import java.util.Map;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.ConsentPredicate;

/**
 * One AND-ed condition of the query model, rendered as a boolean SQL predicate on a {@code resource} alias.
 * {@code toString()} is the printable plan line.
 */
sealed interface Criterion {

    void render(Sql sql, String alias);

    /** A parameter on its index table: OR of values, with an optional modifier. */
    record Param(ParamDef def, ParamKind kind, String modifier, List<String> values) implements Criterion {
        @Override
        public void render(Sql sql, String alias) {
            kind.predicate(sql, alias, def, modifier, values);
        }

        @Override
        public String toString() {
            return "EXISTS " + kind.table() + "[" + def.name() + (modifier == null ? "" : ":" + modifier) + " in "
                    + values + "]";
        }
    }

    /** {@code :missing=true|false}: no (or some) index row of the parameter. */
    record Missing(ParamDef def, ParamKind kind, boolean missing) implements Criterion {
        @Override
        public void render(Sql sql, String alias) {
            String m = sql.alias("mis");
            if (missing) {
                sql.append("NOT EXISTS (SELECT 1 FROM " + kind.table() + " " + m + " WHERE " + m + ".res_pk = " + alias
                        + ".res_pk AND " + m + ".param_hash = ").bind(def.paramHash()).append(")");
            } else {
                sql.semiJoin(alias, kind.table(), m).append(m + ".param_hash = ").bind(def.paramHash()).append(")");
            }
        }

        @Override
        public String toString() {
            return (missing ? "NOT EXISTS " : "EXISTS ") + kind.table() + "[" + def.name() + "]";
        }
    }

    /** {@code _id}. */
    record Id(List<String> ids) implements Criterion {
        @Override
        public void render(Sql sql, String alias) {
            sql.append(alias + ".res_id IN ").bindList(ids);
        }

        @Override
        public String toString() {
            return "resource.res_id in " + ids;
        }
    }

    /** {@code _lastUpdated} on the resource table. */
    record LastUpdated(List<String> values) implements Criterion {
        @Override
        public void render(Sql sql, String alias) {
            sql.append("(");
            for (int i = 0; i < values.size(); i++) {
                sql.append(i == 0 ? "" : " OR ");
                DateKind.rangePredicate(sql, alias + ".last_updated", alias + ".last_updated", "_lastUpdated",
                        values.get(i));
            }
            sql.append(")");
        }

        @Override
        public String toString() {
            return "resource.last_updated " + values;
        }
    }

    /** One level of chaining: a reference row whose target (of one of the types) satisfies the inner criterion. */
    record Chain(ParamDef reference, Map<String, Criterion> innerByTargetType) implements Criterion {
        @Override
        public void render(Sql sql, String alias) {
            String ref = sql.alias("chr");
            String t = sql.alias("cht");
            // uncorrelated semi-join (see Sql.semiJoin): the inner criterion picks the targets by index first
            sql.semiJoinFrom(alias, "idx_reference " + ref + " JOIN resource " + t + " ON " + t + ".res_type = " + ref
                    + ".target_type AND " + t + ".res_id = " + ref + ".target_id", ref)
                    .append(ref + ".param_hash = ").bind(reference.paramHash())
                    .append(" AND " + t + ".deleted = FALSE AND (");
            boolean first = true;
            for (Map.Entry<String, Criterion> e : innerByTargetType.entrySet()) {
                sql.append(first ? "(" : " OR (").append(t + ".res_type = ").bind(e.getKey()).append(" AND ");
                e.getValue().render(sql, t);
                sql.append(")");
                first = false;
            }
            sql.append("))");
        }

        @Override
        public String toString() {
            return "CHAIN " + reference.name() + " -> " + innerByTargetType;
        }
    }

    /** {@code _has:Source:param:criterion}: a Source resource referencing this one satisfies the inner criterion. */
    record Has(String searchedType, ParamDef sourceReference, Criterion inner) implements Criterion {
        @Override
        public void render(Sql sql, String alias) {
            String ref = sql.alias("hsr");
            String s = sql.alias("hss");
            sql.append("EXISTS (SELECT 1 FROM idx_reference " + ref + " JOIN resource " + s + " ON " + s + ".res_pk = "
                    + ref + ".res_pk WHERE " + ref + ".param_hash = ").bind(sourceReference.paramHash())
                    .append(" AND " + ref + ".target_type = ").bind(searchedType)
                    .append(" AND " + ref + ".target_id = " + alias + ".res_id AND " + s + ".deleted = FALSE AND ");
            inner.render(sql, s);
            sql.append(")");
        }

        @Override
        public String toString() {
            return "HAS " + sourceReference.resourceType() + "." + sourceReference.name() + " where " + inner;
        }
    }

    /** Consent: the release decision of {@link ConsentPredicate} on the row, at one instant for the whole request. */
    record Consent(AccessContext ctx, long now) implements Criterion {
        @Override
        public void render(Sql sql, String alias) {
            ConsentPredicate.Fragment f = ConsentPredicate.of(ctx, alias + ".patient_id", alias + ".labels", now);
            sql.fragment(f.sql(), f.binds());
        }

        @Override
        public String toString() {
            return "CONSENT policy " + ctx.policy().name() + " for " + ctx.clientName() + "/" + ctx.purposeOfUse();
        }
    }

    /** Several criteria that must all hold (the inner part of a chain or _has). */
    record All(List<Criterion> parts) implements Criterion {
        @Override
        public void render(Sql sql, String alias) {
            sql.append("(");
            for (int i = 0; i < parts.size(); i++) {
                sql.append(i == 0 ? "" : " AND ");
                parts.get(i).render(sql, alias);
            }
            sql.append(")");
        }

        @Override
        public String toString() {
            return parts.toString();
        }
    }
}
