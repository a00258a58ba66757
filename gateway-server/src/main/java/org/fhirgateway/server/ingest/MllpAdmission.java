package org.fhirgateway.server.ingest;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may hold an MLLP connection: a source on the allow-list (when one is configured), with fewer than the
 * per-source maximum open, so one address (or a flood of idle sockets from it) can never lock the other senders
 * out. The total is capped by the listener's connection pool. Thread-safe.
 */
final class MllpAdmission {

    private final List<AddressRange> allowed;
    private final int maxPerSource;
    private final Map<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

    MllpAdmission(List<AddressRange> allowed, int maxPerSource) {
        this.allowed = List.copyOf(allowed);
        this.maxPerSource = maxPerSource;
    }

    /** Admits the source (counting it) or says why not; every admitted source must be {@link #release}d once. */
    Optional<String> admit(InetAddress source) {
        if (!allowed.isEmpty() && allowed.stream().noneMatch(r -> r.contains(source))) {
            return Optional.of("not on the sender allow-list");
        }
        AtomicInteger count = open.computeIfAbsent(source, a -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerSource) {
            release(source);
            return Optional.of(maxPerSource + " connections from this address already open");
        }
        return Optional.empty();
    }

    void release(InetAddress source) {
        open.computeIfPresent(source, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
}
