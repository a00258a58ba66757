package org.fhirgateway.server.store;

/** The slim {@code resource} row. */
record ResourceRow(long pk, String type, String id, long version, boolean deleted, long lastUpdated,
        String contentHash) {
}
