package org.fhirgateway.server.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.FhirSearch;
import org.fhirgateway.server.search.SearchRequest;
import org.fhirgateway.server.search.SearchResult;
import org.fhirgateway.server.store.FhirStore;
import org.fhirgateway.server.store.HistoryPage;
import org.fhirgateway.server.store.HistoryRequest;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Resource;

/**
 * The daily census of one date, from the ADT history. How: the visits whose period overlaps the day are found with
 * an ordinary search ({@code Encounter?date=geD&date=leD}) through {@link FhirSearch} with the caller's
 * {@link AccessContext}, so the consent predicate ({@code store.ConsentPredicate}) is inside that SQL; each visit's
 * versions are then read through the store's instance history with the same context (the predicate judges every
 * version by its own labels), and replayed into stays per unit ({@link Stays}). The counting is done here, over
 * every page: nothing is filtered after paging, and a client is counted only what it may see. The stored version
 * JSON is compressed, so aggregating it in SQL would mean a second, unfiltered path to the data: this way there is
 * one.
 *
 * <p>The day is [date 00:00, date+1 00:00) in the gateway's zone (the v2 default zone); "at midnight" is the end
 * of the day; bed-days are the midnight census plus the visits admitted and discharged that same day (inpatient
 * service days).
 */
public final class Census {

    static final int PAGE = 500;
    static final int MAX_VERSIONS = 1000;

    private final FhirStore store;
    private final FhirSearch search;
    private final ZoneId zone;

    public Census(FhirStore store, FhirSearch search, ZoneId zone) {
        this.store = store;
        this.search = search;
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The counts of {@code date}, every unit, or only {@code unit} ({@code Location/id}) when it is not null. */
    public CensusCounts count(AccessContext ctx, LocalDate date, String unit) {
        Instant from = date.atStartOfDay(zone).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
        CensusCounts counts = new CensusCounts(date, from, to);
        for (Encounter e : candidates(ctx, date)) {
            Stays.Visit visit = Stays.replay(e.getIdElement().getIdPart(), versions(ctx, e.getIdElement().getIdPart()));
            if (!visit.cancelled()) {
                counts.add(visit, unit);
            }
        }
        return counts;
    }

    private List<Encounter> candidates(AccessContext ctx, LocalDate date) {
        List<Encounter> out = new ArrayList<>();
        SearchResult page = search.search(ctx, SearchRequest.of("Encounter",
                "date=ge" + date + "&date=le" + date + "&_count=" + PAGE));
        while (true) {
            for (Resource r : page.matches()) {
                out.add((Encounter) r);
            }
            if (page.nextPageToken() == null) {
                return out;
            }
            page = search.page(ctx, page.nextPageToken());
        }
    }

    private List<Encounter> versions(AccessContext ctx, String id) {
        List<Encounter> out = new ArrayList<>();
        HistoryRequest request = HistoryRequest.instance("Encounter", id, MAX_VERSIONS);
        while (true) {
            HistoryPage page = store.history(ctx, request);
            for (HistoryPage.HistoryEntry entry : page.entries()) {
                if (entry.version().resource() instanceof Encounter e) {
                    out.add(e);
                }
            }
            if (page.nextPageToken() == null) {
                break;
            }
            request = request.withPageToken(page.nextPageToken());
        }
        Collections.reverse(out);
        return out;
    }
}
