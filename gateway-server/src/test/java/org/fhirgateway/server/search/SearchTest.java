package org.fhirgateway.server.search;

import org.fhirgateway.server.testing.TestAccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;
import org.fhirgateway.server.testing.Engines;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;

/** Every search feature with positive and negative cases, on PostgreSQL. */
class SearchTest {

    static final Engines ENGINES = new Engines();
    static SearchFixture fixture;
    static final AccessContext SYSTEM = AccessContext.system();

    @AfterAll
    static void close() {
        ENGINES.close();
    }

    private SearchFixture fx;

    private void on() {
        synchronized (SearchTest.class) {
            if (fixture == null) {
                fixture = new SearchFixture().load(ENGINES.get().store());
            }
            fx = fixture;
        }
    }

    private SearchResult search(String type, String query) {
        return ENGINES.get().search().search(SYSTEM, SearchRequest.of(type, query));
    }

    /** The fixture names of the matches, sorted. */
    private Set<String> names(String type, String query) {
        return names(search(type, query).matches());
    }

    private Set<String> names(List<Resource> resources) {
        Map<String, String> byId = new java.util.HashMap<>();
        for (String n : List.of("org1", "pr1", "p1", "p2", "p3", "e1", "e2", "o1", "o2", "o3", "o4", "c1", "r1", "vs1")) {
            byId.put(fx.id(n), n);
        }
        return resources.stream().map(r -> byId.getOrDefault(r.getIdElement().getIdPart(), "?"))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private void expect(String type, String query, String... expected) {
        assertEquals(Set.of(expected), names(type, query), type + "?" + query);
    }

    private StoreError error(String type, String query) {
        return assertThrows(StoreException.class, () -> search(type, query)).error();
    }

    @Test
    void token() {
        on();
        expect("Patient", "gender=male", "p1");
        expect("Patient", "gender=male,female", "p1", "p2");
        expect("Patient", "gender=other");
        expect("Patient", "identifier=urn:mrn|A1", "p1");
        expect("Patient", "identifier=A1", "p1");
        expect("Patient", "identifier=|A1");
        expect("Patient", "identifier=urn:mrn|", "p1", "p2", "p3");
        expect("Patient", "identifier=urn:other|A1");
        expect("Patient", "gender:not=male", "p2", "p3");
        expect("Patient", "identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|A1", "p1");
        expect("Patient", "identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|A2");
        expect("Observation", "code=http://loinc.org|8867-4", "o1", "o3");
        expect("Observation", "code:text=heart", "o1", "o3");
        expect("Observation", "code:text=pulse");
        expect("Patient", "active=true", "p1");
        expect("Patient", "_tag=urn:tags|vip", "p1");
        expect("Patient", "_security=http://terminology.hl7.org/CodeSystem/v3-Confidentiality|R", "p2");
        expect("Patient", "_id=" + fx.id("p1") + "," + fx.id("p3"), "p1", "p3");
    }

    @Test
    void string() {
        on();
        expect("Patient", "family=mul", "p1", "p2");
        expect("Patient", "family=MÜL", "p1", "p2");
        expect("Patient", "family:exact=Müller", "p1");
        expect("Patient", "family:exact=müller");
        expect("Patient", "family:contains=ll", "p1", "p2");
        expect("Patient", "family=ller");
        expect("Patient", "name=hans", "p1");
        expect("Patient", "given=hans&family=mul", "p1");
        expect("Patient", "family=xyz");
        expect("Organization", "name=acme", "org1");
    }

    @Test
    void date() {
        on();
        expect("Patient", "birthdate=1980", "p1");
        expect("Patient", "birthdate=1980-05-17", "p1");
        expect("Patient", "birthdate=1980-05-18");
        expect("Patient", "birthdate=gt1985", "p2", "p3");
        expect("Patient", "birthdate=lt1980-05-17");
        expect("Patient", "birthdate=le1980-05-17", "p1");
        expect("Patient", "birthdate=ge1990", "p2", "p3");
        expect("Patient", "birthdate=ne1980", "p2", "p3");
        expect("Patient", "birthdate=eq1990-06"); // 1990 (a whole year) is not within June
        expect("Encounter", "date=2024-01-02");
        expect("Encounter", "date=ge2024-01-02", "e1", "e2");
        expect("Encounter", "date=sa2024-01-15", "e2");
        expect("Encounter", "date=eb2024-01-15", "e1");
        expect("Encounter", "date=ap2024-01-02", "e1");
        expect("Encounter", "date=ge2024-01-02&date=le2024-01-02", "e1");
        expect("Observation", "date=2024-01-02", "o1", "o2");
        expect("Patient", "_lastUpdated=gt2000-01-01", "p1", "p2", "p3");
        expect("Patient", "_lastUpdated=lt2000-01-01");
        assertEquals(StoreError.INVALID_SEARCH_VALUE, error("Patient", "birthdate=yesterday"));
    }

    @Test
    void numberQuantityUri() {
        on();
        expect("RiskAssessment", "probability=0.25", "r1");
        expect("RiskAssessment", "probability=0.3", "r1"); // 0.3 means [0.25, 0.35)
        expect("RiskAssessment", "probability=0.30");
        expect("RiskAssessment", "probability=gt0.2", "r1");
        expect("RiskAssessment", "probability=lt0.2");
        expect("Observation", "value-quantity=72", "o1");
        expect("Observation", "value-quantity=gt100", "o3");
        expect("Observation", "value-quantity=72|http://unitsofmeasure.org|/min", "o1");
        expect("Observation", "value-quantity=72||Cel");
        expect("Observation", "value-quantity=37.5||Cel", "o2");
        expect("Encounter", "length=3|http://unitsofmeasure.org|d", "e1");
        expect("ValueSet", "url=http://example.org/vs/a", "vs1");
        expect("ValueSet", "url=http://example.org/vs");
        expect("ValueSet", "url:below=http://example.org/vs", "vs1");
        expect("Patient", "_profile=http://example.org/StructureDefinition/p", "p1");
        assertEquals(StoreError.INVALID_SEARCH_VALUE, error("Observation", "value-quantity=lots"));
    }

    @Test
    void reference() {
        on();
        expect("Observation", "subject=Patient/" + fx.id("p1"), "o1", "o2");
        expect("Observation", "subject=" + fx.id("p1"), "o1", "o2");
        expect("Observation", "patient=" + fx.id("p1"), "o1", "o2");
        expect("Observation", "subject:Patient=" + fx.id("p1"), "o1", "o2");
        expect("Observation", "subject:Group=" + fx.id("p1"));
        expect("Observation", "subject=Patient/" + fx.id("p3"));
        expect("Observation", "subject:identifier=urn:mrn|A2", "o3");
        expect("Observation", "subject=http://other.example.org/fhir/Patient/9", "o4");
        expect("Observation", "subject=http://other.example.org/fhir/Patient/8");
        expect("Observation", "subject=Patient/9");
        expect("Observation", "encounter=Encounter/" + fx.id("e1"), "o1");
        expect("Encounter", "practitioner=" + fx.id("pr1"), "e1");
        expect("Observation", "code=8867-4&subject=Patient/" + fx.id("p1"), "o1");
    }

    @Test
    void missing() {
        on();
        expect("Patient", "gender:missing=true", "p3");
        expect("Patient", "gender:missing=false", "p1", "p2");
        expect("Patient", "organization:missing=false", "p1");
    }

    @Test
    void chainAndHas() {
        on();
        expect("Encounter", "subject.identifier=urn:mrn|A1", "e1");
        expect("Encounter", "subject.identifier=urn:mrn|A3");
        expect("Observation", "patient.name=anna", "o3");
        expect("Observation", "subject:Patient.given=hans", "o1", "o2");
        expect("Observation", "subject:Patient.family=müller", "o1", "o2", "o3");
        expect("Encounter", "subject:Patient.birthdate=1980", "e1");
        expect("Patient", "_has:Observation:patient:code=8867-4", "p1", "p2");
        expect("Patient", "_has:Observation:subject:code=8310-5", "p1");
        expect("Patient", "_has:Condition:subject:code=http://snomed.info/sct|38341003", "p1");
        expect("Patient", "_has:Condition:subject:code=404");
        assertEquals(StoreError.CHAIN_TOO_DEEP, error("Observation", "subject.organization.name=acme"));
        assertEquals(StoreError.UNKNOWN_SEARCH_PARAMETER, error("Observation", "subject.nonsense=1"));
    }

    @Test
    void includes() {
        on();
        SearchResult r = search("Observation", "code=8867-4&_include=Observation:subject");
        assertEquals(Set.of("o1", "o3"), names(r.matches()));
        assertEquals(Set.of("p1", "p2"), names(r.includes()));
        r = search("Observation", "_id=" + fx.id("o1") + "&_include=Observation:subject:Group");
        assertEquals(Set.of(), names(r.includes()));
        r = search("Patient", "_id=" + fx.id("p1") + "&_revinclude=Observation:subject");
        assertEquals(Set.of("o1", "o2"), names(r.includes()));
        r = search("Observation", "_id=" + fx.id("o1") + "&_include=Observation:encounter"
                + "&_include:iterate=Encounter:subject&_include:iterate=Patient:organization");
        assertEquals(Set.of("e1", "p1", "org1"), names(r.includes()));
        r = search("Observation", "_id=" + fx.id("o1") + "&_include=Observation:encounter&_include=Encounter:subject");
        assertEquals(Set.of("e1"), names(r.includes()), "without :iterate only the matches are followed");
        r = search("Observation", "_id=" + fx.id("o1") + "&_include=*");
        assertEquals(Set.of("e1", "p1"), names(r.includes()));
        r = search("Patient", "_id=" + fx.id("p1") + "&_revinclude=*");
        assertEquals(Set.of("e1", "o1", "o2", "c1", "r1"), names(r.includes()));
        r = search("Patient", "_id=" + fx.id("p1") + "&_revinclude=Encounter:subject&_revinclude:iterate=Observation:encounter");
        assertEquals(Set.of("e1", "o1"), names(r.includes()));
    }

    @Test
    void sortTotalSummaryElements() {
        on();
        assertEquals(List.of("p1", "p2", "p3"), ordered("Patient", "_sort=birthdate"));
        assertEquals(List.of("p3", "p2", "p1"), ordered("Patient", "_sort=-birthdate"));
        List<String> byFamily = ordered("Patient", "_sort=family,-birthdate");
        assertEquals("p3", byFamily.get(2));
        assertEquals(List.of("p2", "p1"), byFamily.subList(0, 2), "muller = müller normalised; then -birthdate");
        assertEquals(List.of("p3", "p1"), ordered("Patient", "_sort=-gender&gender:not=female"), "missing sorts as largest");
        SearchResult none = search("Patient", "_total=none");
        assertTrue(none.total().isEmpty());
        SearchResult count = search("Patient", "_summary=count");
        assertEquals(0, count.matches().size());
        assertEquals(3, count.total().getAsLong());
        assertEquals(SummaryMode.COUNT, count.summary());
        SearchResult elements = search("Patient", "_elements=name,gender&_count=1");
        assertEquals(Set.of("name", "gender"), elements.elements());
        assertEquals(1, elements.matches().size());
        assertEquals(3, elements.total().getAsLong());
    }

    private List<String> ordered(String type, String query) {
        Map<String, String> byId = new java.util.HashMap<>();
        for (String n : List.of("p1", "p2", "p3")) {
            byId.put(fx.id(n), n);
        }
        return search(type, query).matches().stream().map(r -> byId.get(r.getIdElement().getIdPart())).toList();
    }

    @Test
    void strictAndLenientHandling() {
        on();
        assertEquals(StoreError.UNKNOWN_SEARCH_PARAMETER, error("Patient", "shoe-size=42"));
        assertEquals(StoreError.UNSUPPORTED_MODIFIER, error("Patient", "family:below=mu"));
        assertEquals(StoreError.UNKNOWN_RESOURCE_TYPE, error("Nonsense", "x=1"));
        assertEquals(StoreError.UNSUPPORTED_MODIFIER, error("Patient", "_id:not=x"));
        expect("Patient", "family=&gender=male", "p1"); // empty values are ignored
        SearchResult lenient = ENGINES.get().search().search(SYSTEM,
                SearchRequest.of("Patient", "shoe-size=42&family:below=mu&gender=male").withHandling(Handling.LENIENT));
        assertEquals(Set.of("p1"), names(lenient.matches()));
        assertEquals(2, lenient.ignoredParameters().size());
        assertEquals(StoreError.UNKNOWN_SEARCH_PARAMETER, error("Patient", "_sort=shoe-size"));
        assertEquals(1, ENGINES.get().search().search(SYSTEM, SearchRequest.of("Patient", "_sort=shoe-size")
                .withHandling(Handling.LENIENT)).ignoredParameters().size());
        String plan = ENGINES.get().search().explain(SYSTEM, SearchRequest.of("Patient", "family=mu&_sort=birthdate"));
        assertTrue(plan.contains("EXISTS idx_string[family"), plan);
        assertTrue(plan.contains("SQL SELECT"), plan);
    }

    @Test
    void deniedLabelsReduceTotalsHonestly() {
        on();
        AccessContext billing = TestAccess.context("billing", "HPAYMT", Set.of("system/*.read"), Set.of(SearchFixture.RESTRICTED));
        FhirSearch search = ENGINES.get().search();
        SearchResult r = search.search(billing, SearchRequest.of("Patient", "family=mul&_count=1"));
        assertEquals(1, r.total().getAsLong());
        assertEquals(Set.of("p1"), names(r.matches()));
        assertNull(r.nextPageToken(), "the hidden patient does not leave an empty next page");
        r = search.search(billing, SearchRequest.of("Observation", "code=8867-4&_include=Observation:subject"));
        assertEquals(Set.of("p1"), names(r.includes()));
        r = search.search(billing, SearchRequest.of("Observation", "patient.name=anna"));
        assertEquals(0, r.total().getAsLong(), "a hidden patient cannot be probed through a chain");
        r = search.search(billing, SearchRequest.of("Observation", "patient.name=hans"));
        assertEquals(2, r.total().getAsLong());
        r = search.search(billing, SearchRequest.of("Encounter", "_has:Observation:encounter:code=8867-4"));
        assertEquals(1, r.total().getAsLong());
        AccessContext obsOnly = TestAccess.context("obs", "TREAT", Set.of("system/Observation.read"), Set.of());
        assertEquals(StoreError.ACCESS_DENIED, assertThrows(StoreException.class, () -> search.search(obsOnly,
                SearchRequest.of("Observation", "code=8867-4&_include=Observation:subject"))).error(),
                "no scope for any target of the include: refused, not silently empty");
        assertEquals(StoreError.ACCESS_DENIED, assertThrows(StoreException.class,
                () -> search.search(obsOnly, SearchRequest.of("Patient", ""))).error());
        assertEquals(StoreError.RESOURCE_NOT_FOUND, assertThrows(StoreException.class,
                () -> search.everything(billing, EverythingRequest.of(fx.id("p2")))).error());
    }

    @Test
    void everything() {
        on();
        FhirSearch search = ENGINES.get().search();
        SearchResult r = search.everything(SYSTEM, EverythingRequest.of(fx.id("p1")));
        assertEquals(Set.of("p1", "e1", "o1", "o2", "c1", "r1"), names(r.matches()));
        assertEquals(Set.of("org1", "pr1"), names(r.includes()));
        r = search.everything(SYSTEM, new EverythingRequest(fx.id("p1"), null, Set.of("Observation"), 1));
        assertEquals(2, r.total().getAsLong());
        assertEquals(1, r.matches().size());
        SearchResult next = search.page(SYSTEM, r.nextPageToken());
        assertEquals(Set.of("o1", "o2"), names(List.of(r.matches().get(0), next.matches().get(0))));
        assertNull(next.nextPageToken());
        r = search.everything(SYSTEM, new EverythingRequest(fx.id("p1"), java.time.Instant.now().plusSeconds(60),
                Set.of(), 10));
        assertEquals(0, r.total().getAsLong());
    }
}
