package org.fhirgateway.server.rest;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

/** The search criteria of a conditional write, from {@code If-None-Exist} or {@code Type?query}: the query only. */
final class Criteria {

    private Criteria() {}

    static String of(String conditional) {
        int question = conditional.indexOf('?');
        String query = question < 0 ? conditional : conditional.substring(question + 1);
        if (query.isBlank() || java.util.Arrays.stream(query.split("&")).allMatch(p -> p.endsWith("="))) {
            // every parameter empty: search would ignore them all and match every resource of the type
            throw new InvalidRequestException("GW-REQ-002: a conditional request needs search criteria");
        }
        return query;
    }
}
