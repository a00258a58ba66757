package org.fhirgateway.server.search;

import org.fhirgateway.server.testing.TestAccess;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ca.uhn.fhir.context.FhirContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;

/**
 * Property-based fuzzing of the search parameter parser (jqwik): whatever the query, parsing (which also checks
 * every value, see QueryParser#checked) ends in a model or a StoreException of a client category, never another
 * exception (which the error mapper would answer with 500) and never unbounded work. Tries: junit-platform.properties
 * ({@code jqwik.tries.default}); a longer run is documented there.
 */
class SearchParserFuzzTest {

    private static final QueryParser PARSER = new QueryParser(new SearchParamRegistry(FhirContext.forR4Cached()));
    private static final AccessContext BILLING = TestAccess.context("billing", "HPAYMT",
            Set.of("system/Patient.read", "system/Encounter.read", "system/Coverage.read"),
            Set.of("http://terminology.hl7.org/CodeSystem/v3-Confidentiality|R"));
    private static final List<String> TYPES = List.of("Patient", "Observation", "Encounter", "Coverage", "Location");

    static {
        // class loading and the registry's first use are not the parser's cost per query
        PARSER.parse(SearchRequest.of("Patient", "name=x&birthdate=2020&_include=Patient:organization"));
    }

    @Property
    void anyQueryIsAModelOrAClientError(@ForAll("types") String type, @ForAll("queries") Map<String, List<String>> query) {
        for (ReadAccess reach : List.of(ReadAccess.system(), ReadAccess.of(BILLING))) {
            long started = System.nanoTime();
            try {
                QueryModel model = PARSER.parse(new SearchRequest(type, query, Handling.STRICT), reach);
                SqlPlanner.page(model, reach.consent(), null, model.options().count() + 1, false);
            } catch (StoreException e) {
                assertNotEquals(StoreError.Category.INTERNAL, e.category(), e.getMessage());
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (millis > 1_000) {
                throw new AssertionError("parsing took " + millis + " ms: " + query);
            }
        }
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.of(TYPES);
    }

    @Provide
    Arbitrary<Map<String, List<String>>> queries() {
        Arbitrary<String> key = Arbitraries.oneOf(names(),
                Combinators.combine(names(), modifiers()).as((n, m) -> n + ":" + m),
                Combinators.combine(names(), names()).as((a, b) -> a + "." + b),
                Combinators.combine(Arbitraries.of(TYPES), names(), names())
                        .as((t, r, p) -> "_has:" + t + ":" + r + ":" + p),
                Arbitraries.strings().ofMaxLength(40));
        Arbitrary<List<String>> values = values().list().ofMinSize(1).ofMaxSize(3);
        return Arbitraries.maps(key, values).ofMaxSize(4).map(LinkedHashMap::new);
    }

    private static Arbitrary<String> names() {
        return Arbitraries.of("name", "family", "birthdate", "identifier", "subject", "patient", "code",
                "value-quantity", "length", "location", "status", "beneficiary", "_id", "_lastUpdated", "_count",
                "_sort", "_include", "_revinclude", "_include:iterate", "_total", "_summary", "_elements",
                "general-practitioner", "date", "active", "_security", "nosuch");
    }

    private static Arbitrary<String> modifiers() {
        return Arbitraries.of("missing", "exact", "contains", "not", "text", "of-type", "identifier", "Patient",
                "Location", "iterate", "above");
    }

    private static Arbitrary<String> values() {
        Arbitrary<String> prefix = Arbitraries.of("", "eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap", "e", "x");
        Arbitrary<String> number = Combinators.combine(Arbitraries.bigDecimals().ofScale(3).map(Object::toString),
                Arbitraries.of("", "e", "e9999999", "e-999999", "e2147483647", "E+40", "e-2147483648", "e1"))
                .as(String::concat);
        Arbitrary<String> date = Arbitraries.of("2020", "2020-02", "2020-02-30", "0000", "99999", "2020-01-01T10:00Z",
                "2020-01-01T25:61:61.123456789+99:99", "2020-01-01T10:00:00.1234567890123456789Z");
        Arbitrary<String> any = Arbitraries.strings().withChars("|,\\$:./%_!'\"<>&?=*-09aZ \u0000\u00e9")
                .ofMaxLength(30);
        Arbitrary<String> big = Arbitraries.integers().between(0, 20_000).map("x"::repeat);
        return Arbitraries.oneOf(Combinators.combine(prefix, Arbitraries.oneOf(number, date)).as(String::concat),
                Combinators.combine(number, Arbitraries.of("", "|", "||mm", "|http://unitsofmeasure.org|mm", "|a|b|c"))
                        .as(String::concat), any, big, any.list().ofMaxSize(150).map(l -> String.join(",", l)));
    }
}
