package org.fhirgateway.server.search;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A parsed search: criteria (AND), result options, and what was ignored under lenient handling. */
record QueryModel(String resourceType, List<Criterion> criteria, Options options, List<String> ignored,
        Map<String, List<String>> parameters, Handling handling) {

    /**
     * {@code _total}. ESTIMATE, also the default, is an exact count when there are at most {@link #BOUNDED_TOTAL}
     * matches and no total beyond: counting every match of a broad search costs as much as the search. ACCURATE
     * always counts.
     */
    enum TotalMode { NONE, ESTIMATE, ACCURATE }

    /** The most matches the default total counts. */
    static final int BOUNDED_TOTAL = 1000;

    /** A sort key: {@code _id}, {@code _lastUpdated} (def null) or a parameter. */
    record SortKey(String name, ParamDef def, ParamKind kind, boolean descending) {
        @Override
        public String toString() {
            return (descending ? "-" : "") + name;
        }
    }

    /** {@code _include} / {@code _revinclude}: source type, parameter (or {@code *}), optional target type. */
    record Include(boolean reverse, String sourceType, String param, String targetType, boolean iterate) {
    }

    record Options(int count, List<SortKey> sort, List<Include> includes, TotalMode total, SummaryMode summary,
            Set<String> elements) {
    }
}
