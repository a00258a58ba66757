package org.fhirgateway.server.search;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.fhirgateway.server.consent.AccessContext;

/**
 * {@code _include} and {@code _revinclude} (with {@code :iterate} and {@code *}): follows reference index rows from
 * (or to) the page, loading only resources that are not deleted, carry no denied label (same SQL predicate as the
 * search) and are of a type the caller may read.
 */
final class Includes {

    static final int MAX_ROUNDS = 5;
    static final int MAX_INCLUDED = 1000;

    private final SearchParamRegistry registry;

    Includes(SearchParamRegistry registry) {
        this.registry = registry;
    }

    List<ResultLoader.Key> resolve(Connection c, AccessContext ctx, QueryModel m, List<ResultLoader.Key> matches)
            throws SQLException {
        List<QueryModel.Include> specs = m.options().includes();
        Map<Long, ResultLoader.Key> seen = new LinkedHashMap<>();
        matches.forEach(k -> seen.put(k.pk(), k));
        Map<Long, ResultLoader.Key> included = new LinkedHashMap<>();
        List<ResultLoader.Key> frontier = matches;
        for (int round = 0; round < MAX_ROUNDS && !frontier.isEmpty() && included.size() < MAX_INCLUDED; round++) {
            List<ResultLoader.Key> fresh = new ArrayList<>();
            for (QueryModel.Include spec : specs) {
                if (round > 0 && !spec.iterate()) {
                    continue;
                }
                for (ResultLoader.Key k : follow(c, ctx, spec, frontier)) {
                    if (seen.putIfAbsent(k.pk(), k) == null && ctx.canRead(k.type())) {
                        included.put(k.pk(), k);
                        fresh.add(k);
                    }
                }
            }
            frontier = fresh;
        }
        return new ArrayList<>(included.values());
    }

    private List<ResultLoader.Key> follow(Connection c, AccessContext ctx, QueryModel.Include spec,
            List<ResultLoader.Key> from) throws SQLException {
        return spec.reverse() ? reverse(c, ctx, spec, from) : forward(c, ctx, spec, from);
    }

    private List<ResultLoader.Key> forward(Connection c, AccessContext ctx, QueryModel.Include spec,
            List<ResultLoader.Key> from) throws SQLException {
        List<Long> sources = from.stream().filter(k -> k.type().equals(spec.sourceType())).map(ResultLoader.Key::pk)
                .toList();
        List<Long> hashes = paramHashes(spec.sourceType(), spec.param());
        if (sources.isEmpty() || hashes.isEmpty()) {
            return List.of();
        }
        Sql sql = new Sql().append("SELECT DISTINCT t.res_pk, t.res_type, t.res_id FROM idx_reference ref JOIN "
                + "resource t ON t.res_type = ref.target_type AND t.res_id = ref.target_id WHERE ref.res_pk IN ")
                .bindList(sources).append(" AND ref.param_hash IN ").bindList(hashes);
        if (spec.targetType() != null) {
            sql.append(" AND ref.target_type = ").bind(spec.targetType());
        }
        sql.append(" AND t.deleted = FALSE");
        ReadAccess.of(ctx).appendConsent(sql, "t");
        return ResultLoader.keys(c, sql);
    }

    private List<ResultLoader.Key> reverse(Connection c, AccessContext ctx, QueryModel.Include spec,
            List<ResultLoader.Key> from) throws SQLException {
        if (from.isEmpty() || (spec.sourceType() != null && !ctx.canRead(spec.sourceType()))) {
            return List.of();
        }
        Sql sql = new Sql().append("SELECT DISTINCT s.res_pk, s.res_type, s.res_id FROM idx_reference ref JOIN "
                + "resource s ON s.res_pk = ref.res_pk WHERE s.deleted = FALSE");
        if (spec.sourceType() != null) {
            List<Long> hashes = paramHashes(spec.sourceType(), spec.param());
            if (hashes.isEmpty()) {
                return List.of();
            }
            sql.append(" AND s.res_type = ").bind(spec.sourceType()).append(" AND ref.param_hash IN ").bindList(hashes);
        }
        Map<String, List<String>> byType = from.stream().collect(Collectors.groupingBy(ResultLoader.Key::type,
                LinkedHashMap::new, Collectors.mapping(ResultLoader.Key::id, Collectors.toList())));
        if (spec.targetType() != null) {
            byType.keySet().retainAll(Set.of(spec.targetType()));
            if (byType.isEmpty()) {
                return List.of();
            }
        }
        sql.append(" AND (");
        boolean first = true;
        for (Map.Entry<String, List<String>> e : byType.entrySet()) {
            sql.append(first ? "" : " OR ").append("(ref.target_type = ").bind(e.getKey())
                    .append(" AND ref.target_id IN ").bindList(e.getValue()).append(")");
            first = false;
        }
        sql.append(")");
        ReadAccess.of(ctx).appendConsent(sql, "s");
        return ResultLoader.keys(c, sql);
    }

    private List<Long> paramHashes(String type, String param) {
        if ("*".equals(param)) {
            return registry.all(type).stream().filter(d -> ParamKinds.of(d).orElse(null) instanceof ReferenceKind)
                    .map(ParamDef::paramHash).distinct().toList();
        }
        return registry.find(type, param).map(d -> List.of(d.paramHash())).orElse(List.of());
    }
}
