package org.fhirgateway.server.search;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A search on one resource type. {@code parameters} are the decoded URL parameters: each key (with modifier,
 * e.g. {@code name:exact}) maps to its repeated values (AND); each value may hold commas (OR).
 * Result parameters ({@code _count}, {@code _sort}, {@code _include}, {@code _total}, {@code _summary},
 * {@code _elements}) are given the same way.
 */
public record SearchRequest(String resourceType, Map<String, List<String>> parameters, Handling handling) {

    public SearchRequest {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        parameters.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        parameters = java.util.Collections.unmodifiableMap(copy);
    }

    /** Parses a URL query string ({@code a=1&b=2}, percent-encoded), strict handling. */
    public static SearchRequest of(String resourceType, String queryString) {
        return new SearchRequest(resourceType, parseQuery(queryString), Handling.STRICT);
    }

    /** From servlet-style parameters (for example HAPI's {@code RequestDetails.getParameters()}), already decoded. */
    public static SearchRequest fromArrays(String resourceType, Map<String, String[]> parameters, Handling handling) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        parameters.forEach((k, v) -> params.put(k, List.of(v)));
        return new SearchRequest(resourceType, params, handling);
    }

    public SearchRequest withHandling(Handling newHandling) {
        return new SearchRequest(resourceType, parameters, newHandling);
    }

    /** Decodes a query string into parameters, keeping the order and repetitions. */
    public static Map<String, List<String>> parseQuery(String queryString) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (queryString == null || queryString.isBlank()) {
            return params;
        }
        String q = queryString.startsWith("?") ? queryString.substring(1) : queryString;
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
