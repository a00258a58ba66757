package org.fhirgateway.server.search;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.hl7.fhir.r4.model.Resource;

/**
 * One page of search results.
 *
 * @param matches the matching resources of this page, in sort order (empty for {@code _summary=count})
 * @param includes resources added by {@code _include}/{@code _revinclude} (search mode "include")
 * @param total number of matches over all pages when {@code _total} is accurate or estimate
 * @param nextPageToken opaque signed token for the next page ({@link FhirSearch#page}), or null
 * @param previousPageToken opaque signed token for the previous page, or null on the first page
 * @param ignoredParameters parameters ignored under lenient handling (with the reason), for an OperationOutcome
 * @param summary the requested {@code _summary} (the REST layer applies it when serialising)
 * @param elements the requested {@code _elements} (empty: all)
 * @param selfQuery the normalised query that produced this page (for the Bundle's self link)
 */
public record SearchResult(List<Resource> matches, List<Resource> includes, OptionalLong total,
        String nextPageToken, String previousPageToken, List<String> ignoredParameters, SummaryMode summary,
        Set<String> elements, String selfQuery) {
}
