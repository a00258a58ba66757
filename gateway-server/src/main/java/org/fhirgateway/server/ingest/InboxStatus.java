package org.fhirgateway.server.ingest;

/** States of an inbox row; stored as their names. */
public enum InboxStatus {
    RECEIVED, APPLIED, FAILED, DUPLICATE;

    public String db() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static InboxStatus fromDb(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
