package org.fhirgateway.server.rest;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.Handling;
import org.fhirgateway.server.store.FhirStore;
import org.fhirgateway.server.store.HistoryRequest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;

/**
 * Instance, type and system history over HTTP: {@code _count}, {@code _since}, {@code _at} and the page token;
 * any other parameter is a 400 (or ignored under {@code Prefer: handling=lenient}).
 */
final class HistoryQueries {

    static final int DEFAULT_COUNT = 50;
    private static final Set<String> KNOWN = Set.of("_count", "_since", "_at", RawParameters.PAGE_TOKEN);

    private final FhirStore store;

    HistoryQueries(FhirStore store) {
        this.store = store;
    }

    /** @param type null for system history; @param id null for type (or system) history */
    Bundle history(AccessContext ctx, RequestDetails request, String type, String id) {
        Map<String, List<String>> params = RawParameters.of(request);
        rejectUnknown(request, params);
        HistoryRequest query = new HistoryRequest(type, id, instant(request, "_since"), instant(request, "_at"),
                count(request), RawParameters.single(request, RawParameters.PAGE_TOKEN).orElse(null));
        String path = type == null ? "_history" : id == null ? type + "/_history" : type + "/" + id + "/_history";
        PageLinks links = new PageLinks(request.getFhirServerBase(), path);
        return ResultBundles.history(store.history(ctx, query), links, selfQuery(params));
    }

    private static void rejectUnknown(RequestDetails request, Map<String, List<String>> params) {
        Set<String> unknown = params.keySet().stream().filter(p -> !KNOWN.contains(p)).collect(Collectors.toSet());
        if (!unknown.isEmpty() && RawParameters.handling(request) == Handling.STRICT) {
            throw new InvalidRequestException("GW-SEARCH-001: history does not support parameter(s) " + unknown
                    + " (supported: _count, _since, _at)");
        }
    }

    static int count(RequestDetails request) {
        String value = RawParameters.single(request, "_count").orElse(null);
        if (value == null) {
            return DEFAULT_COUNT;
        }
        try {
            int count = Integer.parseInt(value.trim());
            if (count < 1) {
                throw new NumberFormatException();
            }
            return count;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("GW-SEARCH-003: _count must be a positive whole number");
        }
    }

    static Instant instant(RequestDetails request, String name) {
        String value = RawParameters.single(request, name).orElse(null);
        if (value == null) {
            return null;
        }
        try {
            return new DateTimeType(value.trim()).getValue().toInstant();
        } catch (DataFormatException | IllegalArgumentException | NullPointerException e) {
            throw new InvalidRequestException("GW-SEARCH-003: " + name + " must be a FHIR instant or date");
        }
    }

    private static String selfQuery(Map<String, List<String>> params) {
        return params.entrySet().stream()
                .filter(e -> KNOWN.contains(e.getKey()) && !RawParameters.PAGE_TOKEN.equals(e.getKey()))
                .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)))
                .collect(Collectors.joining("&"));
    }
}
