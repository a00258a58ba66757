package org.fhirgateway.server.search;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.ConditionalMatcher;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;
import org.fhirgateway.server.store.TokenSigner;
import org.hl7.fhir.r4.model.Resource;

/** The implementation of {@link FhirSearch}: parse, plan, run one page, join JSON, follow includes. */
final class SearchService implements FhirSearch {

    static final String KIND_SEARCH = "search";

    private final Database database;
    private final QueryParser parser;
    private final TokenSigner signer;
    private final ResultLoader loader;
    private final Includes includes;
    private final Everything everything;

    SearchService(Database database, FhirContext fhir, SearchParamRegistry registry, TokenSigner signer) {
        this.database = database;
        this.parser = new QueryParser(registry);
        this.signer = signer;
        this.loader = new ResultLoader(fhir);
        this.includes = new Includes(registry);
        this.everything = new Everything(database, registry, signer, loader);
    }

    /** Conditional create/update/delete and conditional references, inside the writer's transaction. */
    ConditionalMatcher conditionalMatcher() {
        return (c, type, criteria, limit) -> {
            QueryModel m = parser.parse(SearchRequest.of(type, stripTypePrefix(criteria)));
            if (m.criteria().isEmpty()) {
                // empty values are ignored in a search, but a condition that selects nothing would match every resource
                throw new StoreException(StoreError.EMPTY_CONDITION, "conditional criteria on " + type
                        + " name no search parameter with a value: '" + criteria + "'");
            }
            Sql sql = SqlPlanner.ids(m, List.of(), limit);
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = ResultLoader.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            } catch (SQLException e) {
                throw new StoreException(StoreError.DATABASE_ERROR, "conditional match failed", e);
            }
            return ids;
        };
    }

    /** {@code Patient?identifier=x} and {@code ?identifier=x} both mean {@code identifier=x}. */
    static String stripTypePrefix(String criteria) {
        int q = criteria.indexOf('?');
        return q >= 0 && criteria.substring(0, q).indexOf('=') < 0 ? criteria.substring(q + 1) : criteria;
    }

    @Override
    public SearchResult search(AccessContext ctx, SearchRequest request) {
        return run(ctx, parser.parse(request, ReadAccess.of(ctx)), null, false, OptionalLong.empty());
    }

    @Override
    public SearchResult page(AccessContext ctx, String pageToken) {
        PageState state = PageState.verify(signer, pageToken);
        if (Everything.KIND.equals(state.kind())) {
            return everything.page(ctx, state);
        }
        SearchRequest request = new SearchRequest(state.type(), state.params(), Handling.valueOf(state.handling()));
        return run(ctx, parser.parse(request, ReadAccess.of(ctx)), state.position(), state.backward(), state.totalFor(ctx));
    }

    @Override
    public SearchResult everything(AccessContext ctx, EverythingRequest request) {
        return everything.first(ctx, request);
    }

    @Override
    public String explain(AccessContext ctx, SearchRequest request) {
        QueryModel m = parser.parse(request, ReadAccess.of(ctx));
        StringBuilder plan = new StringBuilder("SEARCH " + m.resourceType() + "\n");
        m.criteria().forEach(c -> plan.append("  AND ").append(c).append('\n'));
        access(ctx).forEach(c -> plan.append("  AND ").append(c).append('\n'));
        plan.append("  SORT ").append(m.options().sort()).append(" then res_pk; PAGE ").append(m.options().count())
                .append(" (keyset)\n");
        if (OrderedWalk.applies(m)) {
            plan.append("  WALK ").append(m.options().sort().isEmpty() ? "resource.res_pk"
                    : m.options().sort().get(0).kind().table()).append(" in order when more than ")
                    .append(OrderedWalk.MIN_MATCHES).append(" match, else:\n");
        }
        m.options().includes().forEach(i -> plan.append("  INCLUDE ").append(i).append('\n'));
        m.ignored().forEach(i -> plan.append("  IGNORED ").append(i).append('\n'));
        plan.append("SQL ").append(SqlPlanner.page(m, access(ctx), null, m.options().count() + 1, false));
        return plan.toString();
    }

    /**
     * One page. The total is counted only when it is not already known: a first page that holds every match is its
     * own total, and later pages reuse the total counted for the first one (carried in the signed page token).
     */
    private SearchResult run(AccessContext ctx, QueryModel m, Position after, boolean backward, OptionalLong known) {
        List<Criterion> access = access(ctx);
        int count = m.options().count();
        boolean wantTotal = m.options().total() != QueryModel.TotalMode.NONE;
        try (Connection c = database.connection()) {
            if (m.options().summary() == SummaryMode.COUNT || count == 0) {
                OptionalLong total = wantTotal ? total(c, m, access) : OptionalLong.empty();
                return result(m, List.of(), List.of(), total, null, null);
            }
            OptionalLong counted = OptionalLong.empty();
            List<Row> rows;
            if (OrderedWalk.applies(m)) {
                // a count decides (the one the total needs, done first): few matches are cheaper to sort, many are
                // cheaper to walk in index order
                long matches;
                if (known.isPresent()) {
                    matches = known.getAsLong();
                } else {
                    matches = m.options().total() == QueryModel.TotalMode.ACCURATE ? count(c, m, access)
                            : countUpTo(c, m, access);
                    counted = OptionalLong.of(matches);
                }
                rows = matches > OrderedWalk.MIN_MATCHES
                        ? OrderedWalk.rows(c, m, access, after, count + 1, backward, OrderedWalk.budget(count + 1))
                        : rows(c, SqlPlanner.page(m, access, after, count + 1, backward), m.options().sort().size());
            } else {
                rows = rows(c, SqlPlanner.page(m, access, after, count + 1, backward), m.options().sort().size());
            }
            boolean more = rows.size() > count;
            if (more) {
                rows = rows.subList(0, count);
            }
            OptionalLong total = !wantTotal ? OptionalLong.empty()
                    : after == null && !more ? OptionalLong.of(rows.size())
                    : known.isPresent() ? known
                    : counted.isPresent() ? (m.options().total() == QueryModel.TotalMode.ACCURATE ? counted
                    : estimate(counted.getAsLong()))
                    : total(c, m, access);
            if (backward) {
                rows = new ArrayList<>(rows);
                Collections.reverse(rows);
            }
            List<Long> pks = rows.stream().map(Row::pk).toList();
            List<ResultLoader.Loaded> loaded = loader.loadKeyed(c, pks);
            List<Resource> matches = loaded.stream().map(ResultLoader.Loaded::resource).toList();
            List<ResultLoader.Key> withIds = loaded.stream()
                    .map(l -> new ResultLoader.Key(l.pk(), m.resourceType(), l.resource().getIdPart())).toList();
            List<Resource> included = m.options().includes().isEmpty() ? List.of()
                    : loader.load(c, ResultLoader.pks(includes.resolve(c, ctx, m, withIds)));
            String next = null;
            String previous = null;
            if (!rows.isEmpty()) {
                Row first = rows.get(0);
                Row last = rows.get(rows.size() - 1);
                boolean hasNext = backward || more;
                boolean hasPrevious = backward ? more : after != null;
                Long carried = total.isPresent() ? total.getAsLong() : null;
                String view = PageState.viewOf(ctx);
                next = hasNext ? PageState.of(KIND_SEARCH, m, last.position(), false, carried, view).sign(signer)
                        : null;
                previous = hasPrevious ? PageState.of(KIND_SEARCH, m, first.position(), true, carried, view)
                        .sign(signer) : null;
            }
            return result(m, matches, included, total, next, previous);
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "search failed (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private static SearchResult result(QueryModel m, List<Resource> matches, List<Resource> included,
            OptionalLong total, String next, String previous) {
        return new SearchResult(matches, included, total, next, previous, List.copyOf(m.ignored()),
                m.options().summary(), m.options().elements(), SelfLink.query(m.parameters()));
    }

    /** The total of the mode: ACCURATE counts every match, ESTIMATE only up to {@link QueryModel#BOUNDED_TOTAL}. */
    private static OptionalLong total(Connection c, QueryModel m, List<Criterion> access) throws SQLException {
        if (m.options().total() == QueryModel.TotalMode.ACCURATE) {
            return OptionalLong.of(count(c, m, access));
        }
        return estimate(countUpTo(c, m, access));
    }

    private static OptionalLong estimate(long countedUpTo) {
        return countedUpTo <= QueryModel.BOUNDED_TOTAL ? OptionalLong.of(countedUpTo) : OptionalLong.empty();
    }

    /** The number of matches, counting no further than {@link QueryModel#BOUNDED_TOTAL} + 1. */
    private static long countUpTo(Connection c, QueryModel m, List<Criterion> access) throws SQLException {
        try (PreparedStatement ps = ResultLoader.prepare(c, SqlPlanner.countUpTo(m, access,
                QueryModel.BOUNDED_TOTAL + 1)); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(Connection c, QueryModel m, List<Criterion> access) throws SQLException {
        try (PreparedStatement ps = ResultLoader.prepare(c, SqlPlanner.count(m, access));
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<Row> rows(Connection c, Sql sql, int sortKeys) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = ResultLoader.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<Object> values = new ArrayList<>(sortKeys);
                for (int i = 0; i < sortKeys; i++) {
                    values.add(normalizeSortValue(rs.getObject(2 + i)));
                }
                rows.add(new Row(rs.getLong(1), values));
            }
        }
        return rows;
    }

    static Object normalizeSortValue(Object v) {
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof java.math.BigInteger b) {
            return b.longValue();
        }
        return v;
    }

    /** The consent criteria of the caller (see {@link ReadAccess#consent()}). */
    static List<Criterion> access(AccessContext ctx) {
        return ReadAccess.of(ctx).consent();
    }
}
