package org.fhirgateway.server.search;

import ca.uhn.fhir.context.FhirContext;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.ConditionalMatcher;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.TokenSigner;

/** The implementation of {@link FhirSearch}. */
final class SearchService implements FhirSearch {

    SearchService(Database database, FhirContext fhir, SearchParamRegistry registry, TokenSigner signer) {
    }

    ConditionalMatcher conditionalMatcher() {
        return (c, type, criteria, limit) -> {
            throw new UnsupportedOperationException("not yet");
        };
    }

    @Override
    public SearchResult search(AccessContext ctx, SearchRequest request) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public SearchResult page(AccessContext ctx, String pageToken) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public SearchResult everything(AccessContext ctx, EverythingRequest request) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public String explain(AccessContext ctx, SearchRequest request) {
        throw new UnsupportedOperationException("not yet");
    }
}
