package org.fhirgateway.server.search;

import org.fhirgateway.server.testing.TestAccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.testing.Engines;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;

/**
 * The ordered index walk ({@link OrderedWalk}) returns exactly the pages of the aggregating plan
 * ({@link SqlPlanner#page}): same rows, same order, same sort values, forwards and backwards from every position,
 * with multi-valued dates (timings, periods), duplicate values, resources without a value, many ties, other
 * criteria and consent; also when it gives up after its candidate budget and finishes the page the old way.
 */
class SearchOrderedWalkTest {

    static final int N = 1300;
    static final Engines ENGINES = new Engines();
    static final java.util.concurrent.atomic.AtomicBoolean LOADED = new java.util.concurrent.atomic.AtomicBoolean();
    static final AccessContext SYSTEM = AccessContext.system();
    static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    static final AccessContext BILLING = TestAccess.context("billing", "HPAYMT", Set.of("system/*.read"),
            Set.of(CONFIDENTIALITY + "|R"));
    static final QueryParser PARSER = new QueryParser(new SearchParamRegistry(FhirContext.forR4Cached()));

    @AfterAll
    static void close() {
        ENGINES.close();
    }

    /**
     * Observation i: code c(i mod 3); date none (i mod 10 = 0), a timing of 3-4 events, one repeated (1), a period
     * (2), else one day of 37 (many ties); a quantity i mod 50 except i mod 9 = 0; restricted when i mod 7 = 0.
     */
    private static Database load() {
        synchronized (LOADED) {
            if (LOADED.compareAndSet(false, true)) {
                for (int start = 0; start < N; start += 260) {
                    Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
                    for (int i = start; i < Math.min(N, start + 260); i++) {
                        b.addEntry().setResource(observation(i)).getRequest().setMethod(Bundle.HTTPVerb.POST)
                                .setUrl("Observation");
                    }
                    ENGINES.get().store().transaction(SYSTEM, b);
                }
                ENGINES.databases().get().analyze();
            }
        }
        return ENGINES.databases().get();
    }

    private static Observation observation(int i) {
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addIdentifier().setSystem("urn:walk").setValue(Integer.toString(i));
        o.getCode().addCoding().setSystem("http://loinc.org").setCode("c" + (i % 3));
        int day = 1 + i % 37;
        switch (i % 10) {
            case 0 -> { }
            case 1 -> {
                Timing t = new Timing();
                t.getEvent().add(new DateTimeType(String.format("2020-02-%02dT10:00:00Z", 1 + i % 28)));
                t.getEvent().add(new DateTimeType(String.format("2020-01-%02dT10:00:00Z", 1 + i % 31)));
                t.getEvent().add(new DateTimeType(String.format("2020-03-%02dT10:00:00Z", 1 + i % 29)));
                t.getEvent().add(new DateTimeType(String.format("2020-01-%02dT10:00:00Z", 1 + i % 31))); // repeated
                o.setEffective(t);
            }
            case 2 -> o.setEffective(new Period()
                    .setStartElement(new DateTimeType(String.format("2020-01-%02dT08:00:00Z", 1 + i % 31)))
                    .setEndElement(new DateTimeType(String.format("2020-02-%02dT08:00:00Z", 1 + i % 28))));
            default -> o.setEffective(new DateTimeType(day <= 31 ? String.format("2020-01-%02d", day)
                    : String.format("2020-02-%02d", day - 31)));
        }
        if (i % 9 != 0) {
            o.setValue(new Quantity().setValue(new BigDecimal(i % 50)).setSystem("http://unitsofmeasure.org")
                    .setCode("kg"));
        }
        if (i % 7 == 0) {
            o.getMeta().addSecurity(new Coding(CONFIDENTIALITY, "R", null));
        }
        return o;
    }

    static final List<String> QUERIES = List.of(
            "_sort=date",
            "_sort=-date",
            "code=http://loinc.org|c1&_sort=date",
            "code=http://loinc.org|c2,http://loinc.org|c0&_sort=-date",
            "date=ge2020-01-20&_sort=date",
            "date=ge2020-01-20&_sort=-date",
            "date:missing=false&_sort=-date",
            "_sort=value-quantity",
            "code=http://loinc.org|c0&_sort=value-quantity",
            "code=http://loinc.org|c1",
            "date=ge2020-01-20&status=final");

    private static QueryModel model(String query) {
        return PARSER.parse(SearchRequest.of("Observation", query));
    }

    private static List<Row> oldPlan(Connection c, QueryModel m, List<Criterion> access, Position after, int limit,
            boolean backward) throws SQLException {
        return SearchService.rows(c, SqlPlanner.page(m, access, after, limit, backward), m.options().sort().size());
    }

    /**
     * Pages forward through the whole result with the walk, comparing every page (and the page backwards from its
     * first row) with the old plan's; returns the rows seen.
     */
    private static List<Row> compareEveryPage(Connection c, QueryModel m, List<Criterion> access, int size, int budget)
            throws SQLException {
        List<Row> seen = new ArrayList<>();
        Position after = null;
        while (true) {
            List<Row> expected = oldPlan(c, m, access, after, size + 1, false);
            List<Row> actual = OrderedWalk.rows(c, m, access, after, size + 1, false, budget);
            assertEquals(expected, actual, m.options().sort() + " page after " + after);
            if (after != null) {
                assertEquals(oldPlan(c, m, access, after, size + 1, true),
                        OrderedWalk.rows(c, m, access, after, size + 1, true, budget), "backwards from " + after);
            }
            List<Row> page = actual.subList(0, Math.min(size, actual.size()));
            seen.addAll(page);
            if (actual.size() <= size) {
                return seen;
            }
            after = page.get(page.size() - 1).position();
        }
    }

    @Test
    void everyPageEqualsTheAggregatingPlansPage() throws SQLException {
        Database db = load();
        try (Connection c = db.connection()) {
            for (String q : QUERIES) {
                QueryModel m = model(q);
                assertTrue(OrderedWalk.applies(m), q);
                List<Row> all = oldPlan(c, m, List.of(), null, 100_000, false);
                for (int size : new int[] {97, 400}) {
                    List<Row> seen = compareEveryPage(c, m, List.of(), size, OrderedWalk.budget(size + 1));
                    assertEquals(all, seen, q + " _count=" + size + ": no entry lost, repeated or moved");
                }
            }
        }
    }

    @Test
    void smallPagesAndConsentAndGivingUpEarly() throws SQLException {
        Database db = load();
        List<Criterion> denied = SearchService.access(BILLING);
        try (Connection c = db.connection()) {
            for (String q : List.of("_sort=date", "_sort=-date", "code=http://loinc.org|c1&_sort=-date",
                    "code=http://loinc.org|c1")) {
                QueryModel m = model(q);
                List<Row> all = oldPlan(c, m, denied, null, 100_000, false);
                assertEquals(all, compareEveryPage(c, m, denied, 37, OrderedWalk.budget(38)), q + " with consent");
                // a budget of one batch: most pages are finished by the aggregating plan after the walked rows
                assertEquals(all, compareEveryPage(c, m, denied, 113, 1), q + " giving up early");
            }
        }
    }

    @Test
    void walkedValuesAreTheLowestAscendingAndTheHighestDescending() throws SQLException {
        Database db = load();
        try (Connection c = db.connection()) {
            List<Row> asc = OrderedWalk.rows(c, model("_sort=date"), List.of(), null, N, false, N);
            List<Row> desc = OrderedWalk.rows(c, model("_sort=-date"), List.of(), null, N, false, N);
            assertEquals(N, asc.size());
            assertEquals(N, new HashSet<>(asc.stream().map(Row::pk).toList()).size(), "each resource once");
            int withoutDate = N / 10;
            assertTrue(asc.subList(N - withoutDate, N).stream().allMatch(r -> r.sortValues().get(0) == null),
                    "no value last ascending");
            assertTrue(desc.subList(0, withoutDate).stream().allMatch(r -> r.sortValues().get(0) == null),
                    "no value first descending");
            Map<Long, Object> low = new HashMap<>();
            asc.forEach(r -> low.put(r.pk(), r.sortValues().get(0)));
            Map<Long, Object> high = new HashMap<>();
            desc.forEach(r -> high.put(r.pk(), r.sortValues().get(0)));
            Map<Long, long[]> range = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT res_pk, MIN(lo), MAX(hi) FROM idx_date "
                    + "WHERE param_hash = ? GROUP BY res_pk")) {
                ps.setLong(1, model("_sort=date").options().sort().get(0).def().paramHash());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        range.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
                    }
                }
            }
            assertEquals(N - withoutDate, range.size());
            range.forEach((pk, lohi) -> {
                assertEquals(lohi[0], low.get(pk));
                assertEquals(lohi[1], high.get(pk));
            });
        }
    }

    /** Through the public API, where the walk is chosen because more than 1,000 match: forwards, then back. */
    @Test
    void pagesThroughTheApiForwardAndBack() throws SQLException {
        Database db = load();
        FhirSearch search = ENGINES.get().search();
        for (String q : List.of("identifier=urn:walk|&_sort=-date&_count=90", "date=ge2020-01-02&_sort=date&_count=100",
                "status=final&_count=80")) {
            List<String> expected;
            try (Connection c = db.connection()) {
                QueryModel m = model(q);
                List<Row> all = oldPlan(c, m, List.of(), null, 100_000, false);
                assertTrue(all.size() > OrderedWalk.MIN_MATCHES, "the walk is used");
                expected = ids(c, all);
            }
            List<String> forward = new ArrayList<>();
            SearchResult page = search.search(SYSTEM, SearchRequest.of("Observation", q));
            assertTrue(page.total().isEmpty(), "more than the default total counts");
            assertNull(page.previousPageToken());
            while (true) {
                page.matches().forEach(r -> forward.add(r.getIdElement().getIdPart()));
                if (page.nextPageToken() == null) {
                    break;
                }
                page = search.page(SYSTEM, page.nextPageToken());
            }
            assertEquals(expected, forward, q);
            assertEquals(expected, SearchPagingTest.idsBackFrom(search, page), q + " backwards");
        }
        SearchResult few = search.search(SYSTEM, SearchRequest.of("Observation", "code=http://loinc.org|c1"
                + "&date=ge2020-02-01&_sort=-date&_count=5"));
        assertFalse(few.total().isEmpty(), "few matches: exact total, aggregating plan");
    }

    private static List<String> ids(Connection c, List<Row> rows) throws SQLException {
        Map<Long, String> byPk = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT res_pk, res_id FROM resource WHERE res_type = ?")) {
            ps.setString(1, "Observation");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byPk.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return rows.stream().map(r -> byPk.get(r.pk())).toList();
    }
}
