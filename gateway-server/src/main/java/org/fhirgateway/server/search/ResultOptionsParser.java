package org.fhirgateway.server.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;

/** {@code _count}, {@code _sort}, {@code _include}, {@code _revinclude}, {@code _total}, {@code _summary}, {@code _elements}. */
final class ResultOptionsParser {

    private final SearchParamRegistry registry;
    private final String type;

    ResultOptionsParser(SearchParamRegistry registry, String type) {
        this.registry = registry;
        this.type = type;
    }

    QueryModel.Options parse(Map<String, List<String>> params, Handling handling, List<String> ignored) {
        int count = params.containsKey("_count") ? QueryParser.count(last(params, "_count")) : QueryParser.DEFAULT_COUNT;
        List<QueryModel.SortKey> sort = new ArrayList<>();
        for (String s : params.getOrDefault("_sort", List.of())) {
            for (String key : s.split(",")) {
                if (key.isBlank()) {
                    continue;
                }
                try {
                    sort.add(sortKey(key.trim()));
                } catch (StoreException e) {
                    if (handling != Handling.LENIENT) {
                        throw e;
                    }
                    ignored.add("_sort: " + e.getMessage());
                }
            }
        }
        List<QueryModel.Include> includes = new ArrayList<>();
        for (String key : List.of("_include", "_include:iterate", "_revinclude", "_revinclude:iterate")) {
            for (String v : params.getOrDefault(key, List.of())) {
                try {
                    includes.add(include(v, key.startsWith("_revinclude"), key.endsWith(":iterate")));
                } catch (StoreException e) {
                    if (handling == Handling.LENIENT && e.error() == StoreError.UNKNOWN_SEARCH_PARAMETER) {
                        ignored.add(key + ": " + e.getMessage());
                    } else {
                        throw e;
                    }
                }
            }
        }
        SummaryMode summary = params.containsKey("_summary") ? summary(last(params, "_summary")) : SummaryMode.FALSE;
        // _summary=count asks for nothing but the count: always exact
        QueryModel.TotalMode total = summary == SummaryMode.COUNT ? QueryModel.TotalMode.ACCURATE
                : params.containsKey("_total") ? total(last(params, "_total")) : QueryModel.TotalMode.ESTIMATE;
        Set<String> elements = new LinkedHashSet<>();
        params.getOrDefault("_elements", List.of()).forEach(v -> {
            for (String el : v.split(",")) {
                if (!el.isBlank()) {
                    elements.add(el.trim());
                }
            }
        });
        return new QueryModel.Options(count, sort, includes, total, summary, Set.copyOf(elements));
    }

    private QueryModel.SortKey sortKey(String key) {
        boolean desc = key.startsWith("-");
        String name = desc ? key.substring(1) : key;
        if ("_id".equals(name) || "_lastUpdated".equals(name)) {
            return new QueryModel.SortKey(name, null, null, desc);
        }
        ParamDef def = registry.find(type, name).orElseThrow(() -> new StoreException(
                StoreError.UNKNOWN_SEARCH_PARAMETER, "unknown sort parameter " + name));
        return new QueryModel.SortKey(name, def, QueryParser.kind(def), desc);
    }

    private QueryModel.Include include(String value, boolean reverse, boolean iterate) {
        if ("*".equals(value)) {
            return new QueryModel.Include(reverse, reverse ? null : type, "*", null, iterate);
        }
        String[] parts = value.split(":");
        if (parts.length < 2 || parts.length > 3 || !registry.isResourceType(parts[0])) {
            throw Values.invalid(reverse ? "_revinclude" : "_include", "expected Type:parameter[:targetType]");
        }
        if (!"*".equals(parts[1])) {
            ParamDef def = registry.find(parts[0], parts[1]).orElseThrow(() -> new StoreException(
                    StoreError.UNKNOWN_SEARCH_PARAMETER, "unknown include parameter " + parts[1]));
            if (!(QueryParser.kind(def) instanceof ReferenceKind)) {
                throw Values.invalid("_include", parts[1] + " is not a reference parameter");
            }
        }
        return new QueryModel.Include(reverse, parts[0], parts[1], parts.length == 3 ? parts[2] : null, iterate);
    }

    private static QueryModel.TotalMode total(String v) {
        try {
            return QueryModel.TotalMode.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Values.invalid("_total", "expected none, estimate or accurate");
        }
    }

    private static SummaryMode summary(String v) {
        try {
            return SummaryMode.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Values.invalid("_summary", "expected true, false, text, data or count");
        }
    }

    private static String last(Map<String, List<String>> params, String key) {
        List<String> values = params.get(key);
        return values.get(values.size() - 1);
    }
}
