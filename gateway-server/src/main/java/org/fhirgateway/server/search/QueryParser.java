package org.fhirgateway.server.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;

/**
 * URL parameters to the {@link QueryModel}. Strict: an unknown parameter or unsupported modifier fails;
 * lenient: it is ignored and reported.
 */
final class QueryParser {

    static final int DEFAULT_COUNT = 50;
    static final int MAX_COUNT = 1000;
    private static final Set<String> NO_OPS = Set.of("_format", "_pretty");
    private static final Set<String> RESULT_PARAMS = Set.of("_count", "_sort", "_include", "_revinclude",
            "_include:iterate", "_revinclude:iterate", "_total", "_summary", "_elements");

    private final SearchParamRegistry registry;

    QueryParser(SearchParamRegistry registry) {
        this.registry = registry;
    }

    QueryModel parse(SearchRequest request) {
        return parse(request, List.of());
    }

    /**
     * @param access consent criteria also applied to the resources reached through chains and {@code _has}, so a
     *     hidden resource cannot be probed through another one
     */
    QueryModel parse(SearchRequest request, List<Criterion> access) {
        String type = request.resourceType();
        registry.requireType(type);
        List<Criterion> criteria = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Map<String, List<String>> resultParams = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : request.parameters().entrySet()) {
            String key = e.getKey();
            if (NO_OPS.contains(key)) {
                continue;
            }
            if (RESULT_PARAMS.contains(key)) {
                resultParams.put(key, e.getValue());
                continue;
            }
            for (String value : e.getValue()) {
                if (value.isBlank()) {
                    continue; // FHIR: a parameter with an empty value is ignored
                }
                try {
                    criteria.add(criterion(type, key, value, access));
                } catch (StoreException ex) {
                    if (request.handling() == Handling.LENIENT && ignorable(ex.error())) {
                        ignored.add(key + ": " + ex.getMessage());
                    } else {
                        throw ex;
                    }
                }
            }
        }
        QueryModel.Options options = new ResultOptionsParser(registry, type).parse(resultParams, request.handling(), ignored);
        return new QueryModel(type, criteria, options, ignored, request.parameters(), request.handling());
    }

    private static boolean ignorable(StoreError error) {
        return error == StoreError.UNKNOWN_SEARCH_PARAMETER || error == StoreError.UNSUPPORTED_MODIFIER;
    }

    /** One parameter occurrence (one AND term) to a criterion. */
    Criterion criterion(String type, String key, String value, List<Criterion> access) {
        if (key.startsWith("_has:")) {
            return has(type, key, value, access);
        }
        int dot = key.indexOf('.');
        if (dot > 0) {
            return chain(type, key.substring(0, dot), key.substring(dot + 1), value, access);
        }
        int colon = key.indexOf(':');
        String name = colon < 0 ? key : key.substring(0, colon);
        String modifier = colon < 0 ? null : key.substring(colon + 1);
        List<String> values = splitOr(value);
        if ("_id".equals(name) && modifier == null) {
            return new Criterion.Id(values.stream().map(Values::unescape).toList());
        }
        if ("_lastUpdated".equals(name) && modifier == null) {
            return new Criterion.LastUpdated(values);
        }
        if (isSpecial(name)) {
            throw new StoreException(StoreError.UNSUPPORTED_MODIFIER, "modifier :" + modifier + " on " + name);
        }
        ParamDef def = param(type, name);
        ParamKind kind = kind(def);
        if ("missing".equals(modifier)) {
            return new Criterion.Missing(def, kind, Boolean.parseBoolean(value));
        }
        if (modifier != null && !kind.modifiers().contains(modifier) && !isTypeModifier(def, kind, modifier)) {
            throw new StoreException(StoreError.UNSUPPORTED_MODIFIER, "modifier :" + modifier + " on " + name);
        }
        if (values.isEmpty()) {
            throw Values.invalid(name, "empty value");
        }
        return new Criterion.Param(def, kind, modifier, values);
    }

    private boolean isTypeModifier(ParamDef def, ParamKind kind, String modifier) {
        return kind instanceof ReferenceKind && registry.isResourceType(modifier)
                && (def.targets().isEmpty() || def.targets().contains(modifier));
    }

    private Criterion chain(String type, String left, String right, String value, List<Criterion> access) {
        if (right.contains(".") || right.startsWith("_has")) {
            throw new StoreException(StoreError.CHAIN_TOO_DEEP, "only one level of chaining is supported");
        }
        int colon = left.indexOf(':');
        String name = colon < 0 ? left : left.substring(0, colon);
        String typeModifier = colon < 0 ? null : left.substring(colon + 1);
        ParamDef ref = param(type, name);
        if (!(kind(ref) instanceof ReferenceKind)) {
            throw Values.invalid(name, "only reference parameters can be chained");
        }
        Set<String> targets = typeModifier != null ? Set.of(typeModifier)
                : ref.targets().isEmpty() ? registry.resourceTypes() : ref.targets();
        Map<String, Criterion> inner = new LinkedHashMap<>();
        String innerName = right.contains(":") ? right.substring(0, right.indexOf(':')) : right;
        for (String target : targets) {
            if (registry.isResourceType(target) && (isSpecial(innerName) || registry.find(target, innerName).isPresent())) {
                inner.put(target, withAccess(criterion(target, right, value, List.of()), access));
            }
        }
        if (inner.isEmpty()) {
            throw new StoreException(StoreError.UNKNOWN_SEARCH_PARAMETER, "chained parameter " + innerName
                    + " is not defined on the targets of " + name);
        }
        return new Criterion.Chain(ref, inner);
    }

    private Criterion has(String type, String key, String value, List<Criterion> access) {
        String[] parts = key.split(":", 4);
        if (parts.length < 4) {
            throw Values.invalid("_has", "expected _has:Type:reference:parameter");
        }
        String source = parts[1];
        if (!registry.isResourceType(source)) {
            throw new StoreException(StoreError.UNKNOWN_RESOURCE_TYPE, "unknown resource type in _has");
        }
        if (parts[3].startsWith("_has") || parts[3].contains(".")) {
            throw new StoreException(StoreError.CHAIN_TOO_DEEP, "nested _has or chains inside _has are not supported");
        }
        ParamDef ref = param(source, parts[2]);
        if (!(kind(ref) instanceof ReferenceKind)) {
            throw Values.invalid("_has", parts[2] + " is not a reference parameter");
        }
        return new Criterion.Has(type, ref, withAccess(criterion(source, parts[3], value, List.of()), access));
    }

    private static Criterion withAccess(Criterion inner, List<Criterion> access) {
        if (access.isEmpty()) {
            return inner;
        }
        List<Criterion> all = new ArrayList<>();
        all.add(inner);
        all.addAll(access);
        return new Criterion.All(all);
    }

    private static boolean isSpecial(String name) {
        return "_id".equals(name) || "_lastUpdated".equals(name);
    }

    ParamDef param(String type, String name) {
        Optional<ParamDef> def = registry.find(type, name);
        if (def.isEmpty()) {
            throw new StoreException(StoreError.UNKNOWN_SEARCH_PARAMETER, "unknown search parameter " + name
                    + " for " + type);
        }
        return def.get();
    }

    static ParamKind kind(ParamDef def) {
        return ParamKinds.of(def).orElseThrow(() -> new StoreException(StoreError.UNKNOWN_SEARCH_PARAMETER,
                "search parameter " + def.name() + " (" + def.kind() + ") is not supported"));
    }

    /** Splits on unescaped commas (OR). */
    static List<String> splitOr(String value) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == '\\') {
                i++;
            } else if (value.charAt(i) == ',') {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        return parts.stream().filter(s -> !s.isEmpty()).toList();
    }

    /** A page size: 0 asks for the total only; above the maximum is capped (FHIR lets a server page smaller). */
    static int count(String value) {
        int count;
        try {
            count = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw Values.invalid("_count", "not a number");
        }
        if (count < 0) {
            throw Values.invalid("_count", "must be zero or more");
        }
        return Math.min(count, MAX_COUNT);
    }
}
