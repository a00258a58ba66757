package org.fhirgateway.server.ingest;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The parameter values the {@code $hl7v2-*} admin operations share. A bad value is an IllegalArgumentException that
 * names the parameter and never quotes the value (it could be anything a caller typed).
 */
final class AdminParameters {

    private AdminParameters() {
    }

    static long wholeNumber(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
    }

    /** Null when absent. */
    static OffsetDateTime dateTime(String name, String value) {
        try {
            return value == null ? null : OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date-time with offset, e.g. 2024-01-31T10:00:00Z");
        }
    }
}
