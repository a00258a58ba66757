package org.fhirgateway.server.rest;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.EverythingRequest;
import org.fhirgateway.server.search.FhirSearch;
import org.fhirgateway.server.search.SearchResult;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/** {@code GET|POST Patient/[id]/$everything} with {@code _since}, {@code _type} and {@code _count}, paged. */
public final class EverythingProvider {

    static final int DEFAULT_COUNT = 100;

    private final FhirSearch search;

    EverythingProvider(FhirSearch search) {
        this.search = search;
    }

    @Operation(name = "$everything", type = Patient.class, idempotent = true)
    public Bundle everything(@IdParam IdType id, RequestDetails request) {
        AccessContext ctx = RequestAccess.requireRead(request, "Patient");
        PageLinks links = new PageLinks(request.getFhirServerBase(), "Patient/" + id.getIdPart() + "/$everything");
        SearchResult result = RawParameters.single(request, RawParameters.PAGE_TOKEN)
                .map(token -> search.page(ctx, token))
                .orElseGet(() -> search.everything(ctx, new EverythingRequest(id.getIdPart(),
                        HistoryQueries.instant(request, "_since"), types(request), count(request))));
        return ResultBundles.searchset(result, links);
    }

    private static int count(RequestDetails request) {
        return RawParameters.single(request, "_count").isPresent() ? HistoryQueries.count(request) : DEFAULT_COUNT;
    }

    private static Set<String> types(RequestDetails request) {
        Set<String> types = new LinkedHashSet<>();
        String[] values = request.getParameters().get("_type");
        if (values != null) {
            for (String value : values) {
                Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(types::add);
            }
        }
        return types;
    }
}
