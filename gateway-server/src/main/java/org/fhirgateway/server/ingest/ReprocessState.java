package org.fhirgateway.server.ingest;

/**
 * States of a reprocessing job (V90): {@code queued -> running -> completed | failed}; {@code queued | running ->
 * stopped} (an administrator, or its node went away); {@code stopped | failed -> queued} (resume).
 */
enum ReprocessState {
    QUEUED, RUNNING, STOPPED, COMPLETED, FAILED;

    String db() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static ReprocessState fromDb(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
