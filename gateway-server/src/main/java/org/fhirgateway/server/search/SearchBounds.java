package org.fhirgateway.server.search;

import java.util.List;
import java.util.Map;

/**
 * The size limits every search value meets before it is parsed, so that no request can make the parser or the
 * database do unbounded work: the length of one value, the number of OR values and of AND terms. Out of range is
 * GW-SEARCH-003 (400); the message names the parameter and the limit, never the value.
 */
final class SearchBounds {

    /** One OR value: a FHIR id is 64 characters, a URI-qualified token a few hundred. */
    static final int MAX_VALUE_CHARS = 1024;
    /** One parameter occurrence, all its OR values and separators (a page's worth of ids fits). */
    static final int MAX_OCCURRENCE_CHARS = 64 * 1024;
    /** As many as the largest page ({@link QueryParser#MAX_COUNT}), so a client can ask for a page's ids at once. */
    static final int MAX_OR_VALUES = QueryParser.MAX_COUNT;
    /** AND terms of one query (every occurrence of every parameter). */
    static final int MAX_TERMS = 64;
    static final int MAX_KEY_CHARS = 256;

    private SearchBounds() {
    }

    static void checkTerms(Map<String, List<String>> parameters) {
        long terms = parameters.values().stream().mapToLong(List::size).sum();
        if (terms > MAX_TERMS) {
            throw Values.invalid("(query)", "more than " + MAX_TERMS + " parameters");
        }
    }

    static void checkValue(String key, String value) {
        if (key.length() > MAX_KEY_CHARS) {
            throw Values.invalid("(name)", "a parameter name longer than " + MAX_KEY_CHARS + " characters");
        }
        if (value.length() > MAX_OCCURRENCE_CHARS) {
            throw Values.invalid(key, "value longer than " + MAX_OCCURRENCE_CHARS + " characters");
        }
    }

    static List<String> checkOrValues(String name, List<String> values) {
        if (values.size() > MAX_OR_VALUES) {
            throw Values.invalid(name, "more than " + MAX_OR_VALUES + " OR values");
        }
        for (String v : values) {
            if (v.length() > MAX_VALUE_CHARS) {
                throw Values.invalid(name, "a value longer than " + MAX_VALUE_CHARS + " characters");
            }
        }
        return values;
    }
}
