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
        return parse(request, ReadAccess.system());
    }

    /**
     * @param reach the types the client may read and the consent criteria, applied to every resource type a
     *     criterion reaches (chains, {@code _has}, {@code :identifier}, includes), so a hidden resource cannot be
     *     probed through another one
     */
    QueryModel parse(SearchRequest request, ReadAccess reach) {
        String type = request.resourceType();
        registry.requireType(type);
        reach.requireRead(type, null);
        SearchBounds.checkTerms(request.parameters());
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
                    criteria.add(criterion(type, key, value, reach));
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
        options.includes().forEach(include -> requireReadable(include, reach));
        return new QueryModel(type, criteria, options, ignored, request.parameters(), request.handling());
    }

    private static boolean ignorable(StoreError error) {
        return error == StoreError.UNKNOWN_SEARCH_PARAMETER || error == StoreError.UNSUPPORTED_MODIFIER;
    }

    /** One parameter occurrence (one AND term) to a criterion. */
    Criterion criterion(String type, String key, String value, ReadAccess reach) {
        SearchBounds.checkValue(key, value);
        if (key.startsWith("_has:")) {
            return has(type, key, value, reach);
        }
        int dot = key.indexOf('.');
        if (dot > 0) {
            return chain(type, key.substring(0, dot), key.substring(dot + 1), value, reach);
        }
        int colon = key.indexOf(':');
        String name = colon < 0 ? key : key.substring(0, colon);
        String modifier = colon < 0 ? null : key.substring(colon + 1);
        List<String> values = SearchBounds.checkOrValues(name, splitOr(value));
        if ("_id".equals(name) && modifier == null) {
            return new Criterion.Id(values.stream().map(Values::unescape).toList());
        }
        if ("_lastUpdated".equals(name) && modifier == null) {
            return checked(new Criterion.LastUpdated(values));
        }
        if (isSpecial(name)) {
            throw new StoreException(StoreError.UNSUPPORTED_MODIFIER, "modifier :" + modifier + " on " + name);
        }
        ParamDef def = param(type, name);
        ParamKind kind = kind(def);
        if ("missing".equals(modifier)) {
            if (!"true".equals(value) && !"false".equals(value)) {
                throw Values.invalid(name, ":missing takes true or false");
            }
            return new Criterion.Missing(def, kind, Boolean.parseBoolean(value));
        }
        if (modifier != null && !kind.modifiers().contains(modifier) && !isTypeModifier(def, kind, modifier)) {
            throw new StoreException(StoreError.UNSUPPORTED_MODIFIER, "modifier :" + modifier + " on " + name);
        }
        if (values.isEmpty()) {
            throw Values.invalid(name, "empty value");
        }
        if ("identifier".equals(modifier) && kind instanceof ReferenceKind) {
            // Reference.identifier names a resource of the target type: only types the client may read
            reach.readable(def.targets(), name + ":identifier");
        }
        return checked(new Criterion.Param(def, kind, modifier, values));
    }

    private boolean isTypeModifier(ParamDef def, ParamKind kind, String modifier) {
        return kind instanceof ReferenceKind && registry.isResourceType(modifier)
                && (def.targets().isEmpty() || def.targets().contains(modifier));
    }

    private Criterion chain(String type, String left, String right, String value, ReadAccess reach) {
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
        String innerName = right.contains(":") ? right.substring(0, right.indexOf(':')) : right;
        Set<String> defining = new java.util.LinkedHashSet<>();
        for (String target : targets) {
            if (registry.isResourceType(target) && (isSpecial(innerName) || registry.find(target, innerName).isPresent())) {
                defining.add(target);
            }
        }
        if (defining.isEmpty()) {
            throw new StoreException(StoreError.UNKNOWN_SEARCH_PARAMETER, "chained parameter " + innerName
                    + " is not defined on the targets of " + name);
        }
        // a target the client may not read is left out: its resources never count (403 when none is left)
        Map<String, Criterion> inner = new LinkedHashMap<>();
        for (String target : reach.readable(defining, "chain " + name)) {
            inner.put(target, withConsent(criterion(target, right, value, reach), reach));
        }
        return new Criterion.Chain(ref, inner);
    }

    private Criterion has(String type, String key, String value, ReadAccess reach) {
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
        reach.requireRead(source, "_has");
        ParamDef ref = param(source, parts[2]);
        if (!(kind(ref) instanceof ReferenceKind)) {
            throw Values.invalid("_has", parts[2] + " is not a reference parameter");
        }
        return new Criterion.Has(type, ref, withConsent(criterion(source, parts[3], value, reach), reach));
    }

    private static Criterion withConsent(Criterion inner, ReadAccess reach) {
        if (reach.consent().isEmpty()) {
            return inner;
        }
        List<Criterion> all = new ArrayList<>();
        all.add(inner);
        all.addAll(reach.consent());
        return new Criterion.All(all);
    }

    /**
     * An include may only name types the client reads: the source of a {@code _revinclude} or an iterated
     * {@code _include}, and the target ({@code :Type}, else the parameter's targets). {@code *} is filtered when the
     * resources are loaded ({@link Includes}).
     */
    private void requireReadable(QueryModel.Include include, ReadAccess reach) {
        String how = include.reverse() ? "_revinclude" : "_include";
        if (include.sourceType() != null) {
            reach.requireRead(include.sourceType(), how);
        }
        if (include.reverse()) {
            return;
        }
        if (include.targetType() != null) {
            reach.requireRead(include.targetType(), how);
        } else if (!"*".equals(include.param())) {
            registry.find(include.sourceType(), include.param()).ifPresent(def -> reach.readable(def.targets(), how));
        }
    }

    /**
     * The criterion after its values were checked: rendering it into a throwaway statement runs exactly the parsing
     * the real query will, so a malformed or out-of-range value is a 400 here, before any SQL is sent.
     */
    private static Criterion checked(Criterion criterion) {
        criterion.render(new Sql(), "r");
        return criterion;
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
