package org.fhirgateway.server.ingest;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;

/** Builds ACKs with this node's clock and a unique ACK control id (node prefix + counter). */
final class AckFactory {

    private final Clock clock;
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    AckFactory(Clock clock, String prefix) {
        this.clock = clock;
        this.prefix = prefix;
    }

    String ack(V2Header to, AckCode code, IngestError error) {
        return Acks.build(to, code, error, prefix + counter.incrementAndGet(), OffsetDateTime.now(clock));
    }
}
