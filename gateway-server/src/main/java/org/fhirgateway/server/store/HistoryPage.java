package org.fhirgateway.server.store;

import java.util.List;

/**
 * One page of a history, newest change first. Deleted versions appear with {@code deleted} set and no resource.
 *
 * @param nextPageToken token for the next (older) page, or null when this is the last page
 * @param total number of entries matching the whole query (all pages)
 */
public record HistoryPage(List<HistoryEntry> entries, String nextPageToken, long total) {

    /** One change: the version and the HTTP-like method that produced it (POST, PUT, DELETE). */
    public record HistoryEntry(StoredResource version, String method) {
    }
}
