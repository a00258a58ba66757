package org.fhirgateway.server.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;
import org.fhirgateway.server.store.TokenSigner;
import org.hl7.fhir.r4.model.Resource;

/**
 * {@code Patient/[id]/$everything}: the patient and every resource in its R4 Patient compartment (referencing it
 * through a compartment parameter), paged by primary key, plus the Practitioners, Organizations and Locations the
 * page references (as includes). Consent and scopes apply as in search.
 */
final class Everything {

    static final String KIND = "everything";
    private static final List<String> REFERENCED = List.of("Practitioner", "Organization", "Location");

    private final Database database;
    private final SearchParamRegistry registry;
    private final TokenSigner signer;
    private final ResultLoader loader;
    private volatile List<Long> compartmentHashes;

    Everything(Database database, SearchParamRegistry registry, TokenSigner signer, ResultLoader loader) {
        this.database = database;
        this.registry = registry;
        this.signer = signer;
        this.loader = loader;
    }

    SearchResult first(AccessContext ctx, EverythingRequest request) {
        ReadAccess reach = ReadAccess.of(ctx);
        reach.requireRead("Patient", null);
        // types named in _type must be readable (403); without _type, the compartment is cut to readable types
        request.types().forEach(type -> {
            if (!registry.isResourceType(type)) {
                throw new StoreException(StoreError.UNKNOWN_RESOURCE_TYPE, "unknown resource type in _type");
            }
            reach.requireRead(type, "$everything _type");
        });
        Map<String, List<String>> params = new java.util.LinkedHashMap<>();
        params.put("_id", List.of(request.patientId()));
        if (request.since() != null) {
            params.put("_since", List.of(Long.toString(request.since().toEpochMilli())));
        }
        params.put("_type", List.copyOf(request.types()));
        return page(ctx, new PageState(KIND, "Patient", params, Handling.STRICT.name(), false, List.of(), 0L,
                request.count(), null, null));
    }

    SearchResult page(AccessContext ctx, PageState state) {
        String patientId = state.params().get("_id").get(0);
        List<String> since = state.params().getOrDefault("_since", List.of());
        Set<String> types = Set.copyOf(state.params().getOrDefault("_type", List.of()));
        try (Connection c = database.connection()) {
            requirePatient(c, ctx, patientId);
            Sql count = new Sql().append("SELECT COUNT(*)");
            where(count, ctx, patientId, since, types);
            long total = single(c, count);
            Sql page = new Sql().append("SELECT r.res_pk");
            where(page, ctx, patientId, since, types);
            page.append(" AND r.res_pk > ").bind(state.pk()).append(" ORDER BY r.res_pk LIMIT ").bind(state.count() + 1);
            List<Long> pks = new ArrayList<>();
            try (PreparedStatement ps = ResultLoader.prepare(c, page); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pks.add(rs.getLong(1));
                }
            }
            boolean more = pks.size() > state.count();
            List<Long> pagePks = more ? pks.subList(0, state.count()) : pks;
            List<Resource> matches = loader.load(c, pagePks);
            List<Resource> included = loader.load(c, referenced(c, ctx, pagePks));
            String next = more ? new PageState(KIND, "Patient", state.params(), state.handling(), false, List.of(),
                    pagePks.get(pagePks.size() - 1), state.count(), null, null).sign(signer) : null;
            return new SearchResult(matches, included, OptionalLong.of(total), next, null, List.of(),
                    SummaryMode.FALSE, Set.of(), "");
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "$everything failed", e);
        }
    }

    private void where(Sql sql, AccessContext ctx, String patientId, List<String> since, Set<String> types) {
        sql.append(" FROM resource r WHERE r.deleted = FALSE AND ((r.res_type = 'Patient' AND r.res_id = ")
                .bind(patientId).append(") OR EXISTS (SELECT 1 FROM idx_reference e WHERE e.res_pk = r.res_pk AND "
                        + "e.target_type = 'Patient' AND e.target_id = ").bind(patientId)
                .append(" AND e.param_hash IN ").bindList(compartmentHashes()).append("))");
        if (!types.isEmpty()) {
            sql.append(" AND r.res_type IN ").bindList(types);
        }
        if (!since.isEmpty()) {
            sql.append(" AND r.last_updated >= ").bind(Long.parseLong(since.get(0)));
        }
        List<String> readable = registry.resourceTypes().stream().filter(ctx::canRead).sorted().toList();
        if (readable.size() < registry.resourceTypes().size()) {
            sql.append(" AND r.res_type IN ").bindList(readable.isEmpty() ? List.of("-") : readable);
        }
        ReadAccess.of(ctx).appendConsent(sql, "r");
    }

    private List<Long> referenced(Connection c, AccessContext ctx, List<Long> pks) throws SQLException {
        if (pks.isEmpty()) {
            return List.of();
        }
        Sql sql = new Sql().append("SELECT DISTINCT t.res_pk, t.res_type, t.res_id FROM idx_reference ref JOIN resource t"
                + " ON t.res_type = ref.target_type AND t.res_id = ref.target_id WHERE ref.res_pk IN ").bindList(pks)
                .append(" AND ref.target_type IN ").bindList(REFERENCED).append(" AND t.deleted = FALSE");
        ReadAccess.of(ctx).appendConsent(sql, "t");
        return ResultLoader.keys(c, sql).stream().filter(k -> ctx.canRead(k.type())).map(ResultLoader.Key::pk).toList();
    }

    private void requirePatient(Connection c, AccessContext ctx, String patientId) throws SQLException {
        Sql sql = new Sql().append("SELECT COUNT(*) FROM resource r WHERE r.res_type = 'Patient' AND r.res_id = ")
                .bind(patientId).append(" AND r.deleted = FALSE");
        ReadAccess.of(ctx).appendConsent(sql, "r");
        if (single(c, sql) == 0) {
            throw new StoreException(StoreError.RESOURCE_NOT_FOUND, "no such Patient");
        }
    }

    private static long single(Connection c, Sql sql) throws SQLException {
        try (PreparedStatement ps = ResultLoader.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Hashes of every reference parameter that puts a resource in the Patient compartment (computed once). */
    private List<Long> compartmentHashes() {
        List<Long> cached = compartmentHashes;
        if (cached == null) {
            cached = computeCompartmentHashes();
            compartmentHashes = cached;
        }
        return cached;
    }

    private List<Long> computeCompartmentHashes() {
        List<Long> hashes = new ArrayList<>();
        for (String type : registry.resourceTypes()) {
            for (ParamDef def : registry.all(type)) {
                if (def.compartments().contains("Patient") && ParamKinds.of(def).orElse(null) instanceof ReferenceKind) {
                    hashes.add(def.paramHash());
                }
            }
        }
        return List.copyOf(hashes);
    }
}
