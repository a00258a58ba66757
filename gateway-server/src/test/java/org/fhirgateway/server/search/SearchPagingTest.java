package org.fhirgateway.server.search;

import org.fhirgateway.server.testing.TestAccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;
import org.fhirgateway.server.testing.Engines;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;

/** Keyset paging through a few thousand resources: no entry lost or repeated, forwards and backwards. */
class SearchPagingTest {

    static final int N = 2000;
    static final Engines ENGINES = new Engines();
    static final java.util.concurrent.atomic.AtomicBoolean LOADED = new java.util.concurrent.atomic.AtomicBoolean();
    static final AccessContext SYSTEM = AccessContext.system();
    static final String[] FAMILIES = {"Adams", "Brown", "Clark", "Davis", "Evans", "Fox", "Green"};

    @AfterAll
    static void close() {
        ENGINES.close();
    }

    private FhirSearch load() {
        synchronized (LOADED) {
            if (LOADED.compareAndSet(false, true)) {
                for (int start = 0; start < N; start += 250) {
                    Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
                    for (int i = start; i < start + 250; i++) {
                        Patient p = new Patient();
                        p.addIdentifier().setSystem("urn:paging").setValue(Integer.toString(i));
                        p.addName().setFamily(FAMILIES[i % FAMILIES.length]);
                        if (i % 10 != 0) {
                            p.setBirthDateElement(new DateType(String.format("19%02d-01-01", i % 50)));
                        }
                        b.addEntry().setResource(p).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
                    }
                    ENGINES.get().store().transaction(SYSTEM, b);
                }
                ENGINES.databases().get().analyze();
            }
        }
        return ENGINES.get().search();
    }

    private static List<String> forward(FhirSearch search, String query) {
        List<String> ids = new ArrayList<>();
        SearchResult page = search.search(SYSTEM, SearchRequest.of("Patient", query + "&_total=accurate"));
        assertEquals(N, page.total().getAsLong());
        assertNull(page.previousPageToken());
        while (true) {
            page.matches().forEach(r -> ids.add(r.getIdElement().getIdPart()));
            if (page.nextPageToken() == null) {
                return ids;
            }
            page = search.page(SYSTEM, page.nextPageToken());
            assertEquals(N, page.total().getAsLong(), "every page reports the total");
        }
    }

    private static void assertComplete(List<String> ids) {
        assertEquals(N, ids.size(), "no entry lost");
        assertEquals(N, new HashSet<>(ids).size(), "no entry repeated");
    }

    @Test
    void pagesWithoutSort() {
        assertComplete(forward(load(), "identifier=urn:paging|&_count=97"));
    }

    @Test
    void pagesSortedByNonUniqueKeys() {
        FhirSearch search = load();
        List<String> ids = forward(search, "identifier=urn:paging|&_count=113&_sort=family");
        assertComplete(ids);
        List<String> families = familiesOf(search, ids);
        List<String> sorted = new ArrayList<>(families);
        Collections.sort(sorted);
        assertEquals(sorted, families);
        assertComplete(forward(search, "identifier=urn:paging|&_count=101&_sort=-birthdate,family"));
    }

    @Test
    void previousLinksWalkBackTheSameEntries() {
        FhirSearch search = load();
        String query = "identifier=urn:paging|&_count=150&_sort=birthdate";
        List<String> forwardIds = forward(search, query);
        assertComplete(forwardIds);
        SearchResult page = search.search(SYSTEM, SearchRequest.of("Patient", query));
        while (page.nextPageToken() != null) {
            page = search.page(SYSTEM, page.nextPageToken());
        }
        assertEquals(forwardIds, idsBackFrom(search, page));
    }

    /** The ids of every page from {@code page} back to the first (following previous links), in result order. */
    static List<String> idsBackFrom(FhirSearch search, SearchResult page) {
        List<List<String>> pages = new ArrayList<>();
        while (true) {
            pages.add(page.matches().stream().map(r -> r.getIdElement().getIdPart()).toList());
            if (page.previousPageToken() == null) {
                break;
            }
            page = search.page(SYSTEM, page.previousPageToken());
        }
        Collections.reverse(pages);
        return pages.stream().flatMap(List::stream).toList();
    }

    /**
     * Later pages report the total counted for the first page (carried in the token) instead of counting again; a
     * client with another consent view using the same token gets its own count.
     */
    @Test
    void laterPagesKeepTheFirstPagesTotalForTheSameClientOnly() {
        FhirSearch search = load();
        String system = "urn:paging-total";
        storePatients(system, 0, 30);
        SearchResult first = search.search(SYSTEM, SearchRequest.of("Patient", "identifier=" + system + "|&_count=10"));
        assertEquals(30, first.total().getAsLong());
        storePatients(system, 30, 35);
        assertEquals(30, search.page(SYSTEM, first.nextPageToken()).total().getAsLong());
        AccessContext other = TestAccess.context("registry", "PUBHLTH", Set.of("system/*.read"), Set.of());
        assertEquals(35, search.page(other, first.nextPageToken()).total().getAsLong());
    }

    @Test
    void theDefaultTotalIsExactUpToTheBoundAndAbsentBeyondIt() {
        FhirSearch search = load();
        SearchResult broad = search.search(SYSTEM, SearchRequest.of("Patient", "identifier=urn:paging|&_count=10"));
        assertTrue(N > 1000);
        assertTrue(broad.total().isEmpty(), "more matches than the default counts: no total rather than a guess");
        assertEquals(N, search.search(SYSTEM, SearchRequest.of("Patient", "identifier=urn:paging|&_summary=count"))
                .total().getAsLong());
        long adams = (N + FAMILIES.length - 1) / FAMILIES.length;
        SearchResult family = search.search(SYSTEM, SearchRequest.of("Patient", "family=Adams&_count=10"));
        assertEquals(adams, family.total().getAsLong());
    }

    private static void storePatients(String system, int from, int to) {
        Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = from; i < to; i++) {
            Patient p = new Patient();
            p.addIdentifier().setSystem(system).setValue(Integer.toString(i));
            b.addEntry().setResource(p).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        }
        ENGINES.get().store().transaction(SYSTEM, b);
    }

    @Test
    void tokensCannotBeForged() {
        FhirSearch search = load();
        SearchResult page = search.search(SYSTEM, SearchRequest.of("Patient", "identifier=urn:paging|&_count=10"));
        String token = page.nextPageToken();
        assertTrue(token != null);
        // one character changed in the middle (the sealed payload), and one appended: both refused
        int mid = token.length() / 2;
        String forged = token.substring(0, mid) + (token.charAt(mid) == 'A' ? 'B' : 'A') + token.substring(mid + 1);
        assertEquals(StoreError.INVALID_PAGE_TOKEN, assertThrows(StoreException.class,
                () -> search.page(SYSTEM, forged)).error());
        assertEquals(StoreError.INVALID_PAGE_TOKEN, assertThrows(StoreException.class,
                () -> search.page(SYSTEM, token + "AAAA")).error());
        assertTrue(!new String(java.util.Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("urn:paging"), "the token's query cannot be read from it");
    }

    private List<String> familiesOf(FhirSearch search, List<String> ids) {
        List<String> families = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 500) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 500));
            List<Resource> found = search.search(SYSTEM, SearchRequest.of("Patient",
                    "_count=500&_sort=_id&_id=" + String.join(",", chunk))).matches();
            java.util.Map<String, String> byId = new java.util.HashMap<>();
            found.forEach(r -> byId.put(r.getIdElement().getIdPart(), ((Patient) r).getNameFirstRep().getFamily()));
            chunk.forEach(id -> families.add(byId.get(id)));
        }
        return families;
    }
}
