package org.fhirgateway.server.store;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Normalises conditional criteria so {@code b=2&a=1} and {@code a=1&b=2} claim the same identity. */
final class CriteriaKey {

    private CriteriaKey() {
    }

    static String normalize(String criteria) {
        int mark = criteria.indexOf('?');
        String q = mark >= 0 && criteria.substring(0, mark).indexOf('=') < 0 ? criteria.substring(mark + 1) : criteria;
        return Arrays.stream(q.split("&")).filter(s -> !s.isBlank()).sorted().collect(Collectors.joining("&"));
    }
}
