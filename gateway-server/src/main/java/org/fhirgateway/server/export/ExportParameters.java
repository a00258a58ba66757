package org.fhirgateway.server.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.InstantType;

/**
 * What an export asks for, as kept in {@code export_job.parameters} (JSON): the level, the Group, the types, the
 * {@code _since} instant, one {@code _typeFilter} query per type, {@code _elements} and the {@code patient} subset.
 *
 * @param level {@code system}, {@code patient} or {@code group}
 * @param since {@code _since} as given (an instant), or null
 * @param typeFilters by type, the query string after {@code Type?}
 */
record ExportParameters(String level, String groupId, List<String> types, String since,
        Map<String, String> typeFilters, List<String> elements, List<String> patients) {

    static final String SYSTEM = "system";
    static final String PATIENT = "patient";
    static final String GROUP = "group";
    static final Set<String> OUTPUT_FORMATS = Set.of("application/fhir+ndjson", "application/ndjson", "ndjson");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads the kick-off's parameters (query parameters of a GET, or the values of a POST's Parameters), checking
     * their form; what depends on the caller (types it may read, queries it may run) is checked by the caller.
     */
    static ExportParameters parse(String level, String groupId, Map<String, List<String>> raw) {
        for (String name : raw.keySet()) {
            if (!Set.of("_outputFormat", "_type", "_since", "_typeFilter", "_elements", "patient", "_format",
                    "_pretty", "includeAssociatedData").contains(name)) {
                throw ExportException.invalid("GW-EXPORT-002", "unknown $export parameter " + safe(name));
            }
        }
        for (String format : raw.getOrDefault("_outputFormat", List.of())) {
            if (!OUTPUT_FORMATS.contains(format)) {
                throw ExportException.invalid("GW-EXPORT-003", "_outputFormat must be application/fhir+ndjson, "
                        + "application/ndjson or ndjson");
            }
        }
        List<String> types = List.copyOf(commaList(raw.get("_type")));
        String since = single(raw, "_since");
        if (since != null) {
            try {
                InstantType instant = new InstantType(since);
                if (instant.getValue() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (RuntimeException e) {
                throw ExportException.invalid("GW-EXPORT-004", "_since must be a FHIR instant "
                        + "(e.g. 2026-12-01T00:00:00Z)");
            }
        }
        Map<String, String> filters = new LinkedHashMap<>();
        for (String filter : raw.getOrDefault("_typeFilter", List.of())) {
            int q = filter.indexOf('?');
            if (q <= 0) {
                throw ExportException.invalid("GW-EXPORT-005", "_typeFilter must be Type?query");
            }
            String type = filter.substring(0, q);
            if (filters.put(type, filter.substring(q + 1)) != null) {
                throw ExportException.invalid("GW-EXPORT-006", "one _typeFilter per type (" + safe(type)
                        + " has two): combine them in one query");
            }
        }
        List<String> patients = new ArrayList<>();
        for (String ref : raw.getOrDefault("patient", List.of())) {
            String id = ref.startsWith("Patient/") ? ref.substring("Patient/".length()) : null;
            if (id == null || !id.matches("[A-Za-z0-9\\-.]{1,64}")) {
                throw ExportException.invalid("GW-EXPORT-007", "patient must be a reference Patient/[id]");
            }
            patients.add(id);
        }
        if (!patients.isEmpty() && SYSTEM.equals(level)) {
            throw ExportException.invalid("GW-EXPORT-007", "patient applies to Patient/$export and Group/[id]/$export");
        }
        return new ExportParameters(level, groupId, types, since, filters,
                List.copyOf(commaList(raw.get("_elements"))), List.copyOf(patients));
    }

    ExportParameters withTypes(List<String> resolved) {
        return new ExportParameters(level, groupId, List.copyOf(resolved), since, typeFilters, elements, patients);
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("export parameters not serialisable", e);
        }
    }

    static ExportParameters fromJson(String json) {
        try {
            return JSON.readValue(json, ExportParameters.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored export parameters unreadable", e);
        }
    }

    private static Set<String> commaList(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        if (values != null) {
            for (String v : values) {
                for (String part : v.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.trim());
                    }
                }
            }
        }
        return out;
    }

    private static String single(Map<String, List<String>> raw, String name) {
        List<String> values = raw.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ExportException.invalid("GW-EXPORT-002", name + " given more than once");
        }
        return values.get(0);
    }

    /** A parameter or type name echoed in a message: letters, digits and a few marks only. */
    static String safe(String name) {
        return name.matches("[A-Za-z0-9_:.\\-]{1,64}") ? name : "(not a name)";
    }
}
