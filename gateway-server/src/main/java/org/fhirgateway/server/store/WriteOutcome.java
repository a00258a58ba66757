package org.fhirgateway.server.store;

import java.time.Instant;
import org.hl7.fhir.r4.model.Resource;

/**
 * What a write did. {@code resource} is the stored version (null after a delete).
 *
 * @param kind CREATED (201), UPDATED (200), UNCHANGED (200, content identical: no new version),
 *             MATCHED (200, conditional create found the existing resource), DELETED (200/204),
 *             NOT_FOUND_NOTHING_DELETED (204/200, delete of nothing)
 */
public record WriteOutcome(Kind kind, String type, String id, long version, Instant lastUpdated, Resource resource) {

    public enum Kind { CREATED, UPDATED, UNCHANGED, MATCHED, DELETED, NOTHING_DELETED }

    public String versionedReference() {
        return type + "/" + id + "/_history/" + version;
    }

    public String etag() {
        return "W/\"" + version + "\"";
    }
}
