package org.fhirgateway.server.ingest;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds ACKs with this node's clock and a unique ACK control id (node prefix + counter); knows how each sender wants
 * a message of an unsupported type answered.
 */
final class AckFactory {

    private final Clock clock;
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();
    private final UnsupportedAcks unsupported;

    AckFactory(Clock clock, String prefix) {
        this(clock, prefix, UnsupportedAcks.DEFAULT);
    }

    AckFactory(Clock clock, String prefix, UnsupportedAcks unsupported) {
        this.clock = clock;
        this.prefix = prefix;
        this.unsupported = unsupported;
    }

    /** AA (with an ERR warning) or AR for a message of a type the mappers do not support, as its sender is set up. */
    AckCode unsupportedAnswer(V2Header to) {
        return unsupported.answerFor(to);
    }

    String ack(V2Header to, AckCode code, IngestError error) {
        return Acks.build(to, code, error, prefix + counter.incrementAndGet(), OffsetDateTime.now(clock));
    }
}
