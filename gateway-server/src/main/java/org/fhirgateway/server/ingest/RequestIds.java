package org.fhirgateway.server.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * The request id that follows one message from its listener (the HTTP request's {@code X-Request-Id}, or one made
 * per MLLP message) to the worker that applies it: kept in the logging MDC under {@link #MDC_KEY} on each thread,
 * and handed from the receiving thread to the worker through a bounded in-memory map keyed by inbox id. A row
 * applied by another node, or after a restart, gets {@code inbox-<id>} instead (no schema change for a log field).
 */
public final class RequestIds {

    /** The MDC key; the JSON log line's field of the same name. */
    public static final String MDC_KEY = "requestId";

    private final Cache<Long, String> byInboxId = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(Duration.ofHours(1)).build();

    /** A new id: 32 hex digits, no patient data. */
    public static String fresh() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The id in this thread's MDC, or null. */
    static String current() {
        return MDC.get(MDC_KEY);
    }

    void remember(long inboxId, String requestId) {
        if (requestId != null) {
            byInboxId.put(inboxId, requestId);
        }
    }

    /** The id the row was received under, or {@code inbox-<id>}; removed (a row is applied once). */
    String take(long inboxId) {
        String id = byInboxId.asMap().remove(inboxId);
        return id != null ? id : "inbox-" + inboxId;
    }
}
