package org.fhirgateway.server.rest;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

/** Reads the version out of an {@code If-Match} header ({@code W/"3"} or {@code "3"}). */
final class IfMatch {

    private IfMatch() {}

    /** The version required, or null when the request has no If-Match. */
    static Long version(RequestDetails request) {
        String header = request.getHeader("If-Match");
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "").trim();
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("GW-REQ-003: If-Match must hold a version ETag such as W/\"3\"");
        }
    }
}
