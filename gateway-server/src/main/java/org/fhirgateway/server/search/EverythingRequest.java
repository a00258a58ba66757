package org.fhirgateway.server.search;

import java.time.Instant;
import java.util.Set;

/**
 * {@code Patient/[id]/$everything}.
 *
 * @param since only resources last updated at or after this instant; may be null
 * @param types only these resource types ({@code _type}); empty for all
 * @param count page size ({@code _count})
 */
public record EverythingRequest(String patientId, Instant since, Set<String> types, int count) {

    public EverythingRequest {
        types = types == null ? Set.of() : Set.copyOf(types);
        count = Math.max(1, Math.min(count, 1000));
    }

    public static EverythingRequest of(String patientId) {
        return new EverythingRequest(patientId, null, Set.of(), 100);
    }
}
