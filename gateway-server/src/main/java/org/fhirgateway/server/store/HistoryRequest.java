package org.fhirgateway.server.store;

import java.time.Instant;

/**
 * A history query: system ({@code type} and {@code id} null), type ({@code id} null) or instance.
 *
 * @param since only versions changed at or after this instant ({@code _since}); may be null
 * @param at only the version current at this instant ({@code _at}); may be null
 * @param count page size ({@code _count}), 1..1000
 * @param pageToken opaque token from a previous {@link HistoryPage}; null for the first page
 */
public record HistoryRequest(String type, String id, Instant since, Instant at, int count, String pageToken) {

    public HistoryRequest {
        if (id != null && type == null) {
            throw new IllegalArgumentException("an instance history needs a type");
        }
        count = Math.max(1, Math.min(count, 1000));
    }

    public static HistoryRequest system(int count) {
        return new HistoryRequest(null, null, null, null, count, null);
    }

    public static HistoryRequest type(String type, int count) {
        return new HistoryRequest(type, null, null, null, count, null);
    }

    public static HistoryRequest instance(String type, String id, int count) {
        return new HistoryRequest(type, id, null, null, count, null);
    }

    public HistoryRequest withSince(Instant newSince) {
        return new HistoryRequest(type, id, newSince, at, count, pageToken);
    }

    public HistoryRequest withAt(Instant newAt) {
        return new HistoryRequest(type, id, since, newAt, count, pageToken);
    }

    public HistoryRequest withPageToken(String token) {
        return new HistoryRequest(type, id, since, at, count, token);
    }
}
