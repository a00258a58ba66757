package org.fhirgateway.server.search;

import org.fhirgateway.server.consent.AccessContext;

/**
 * The search API: FHIR R4 search on the index tables, consent applied inside the SQL (denied security labels,
 * readable types), keyset paging with signed page tokens. Thread-safe. Obtain it from {@link StorageEngine}.
 *
 * <p>Failures are {@link org.fhirgateway.server.store.StoreException}s with GW-SEARCH-* codes (category INVALID:
 * the REST layer answers 400 with an OperationOutcome).
 */
public interface FhirSearch {

    /** The first page of a search. */
    SearchResult search(AccessContext ctx, SearchRequest request);

    /** The page a token from {@link SearchResult#nextPageToken()} or {@code previousPageToken()} points at. */
    SearchResult page(AccessContext ctx, String pageToken);

    /** {@code Patient/[id]/$everything}: the patient, its compartment, and referenced practitioners/organizations/locations. */
    SearchResult everything(AccessContext ctx, EverythingRequest request);

    /** The query plan and SQL a search would run, for debugging (no patient data beyond the request itself). */
    String explain(AccessContext ctx, SearchRequest request);
}
