package org.fhirgateway.server.store;

import java.time.Instant;
import org.hl7.fhir.r4.model.Resource;

/**
 * One version of a resource as stored. {@code resource} carries meta.versionId and meta.lastUpdated; it is null only
 * for a deleted version in a history.
 */
public record StoredResource(String type, String id, long version, Instant lastUpdated, boolean deleted,
        Resource resource) {

    /** {@code Type/id/_history/version}. */
    public String versionedReference() {
        return type + "/" + id + "/_history/" + version;
    }

    /** The weak ETag value, {@code W/"version"}. */
    public String etag() {
        return "W/\"" + version + "\"";
    }
}
