package org.fhirgateway.server.ingest;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * @param mode acknowledgment for original-mode messages: ORIGINAL (after applying) or IMMEDIATE (after storing);
 *     messages that value MSH-15/16 always get enhanced-mode commit acknowledgments
 * @param defaultCharset for messages without MSH-18
 * @param applyWait in ORIGINAL mode, how long the sender waits for the apply; after it an AA is sent (the
 *     message is held) and the outcome is only visible in the queue
 * @param maxMessageBytes the size cap of one message
 * @param unsupportedAcks how a message of a type the mappers do not support is answered, per sender
 */
public record IngestSettings(AckMode mode, Charset defaultCharset, Duration applyWait, int maxMessageBytes,
        UnsupportedAcks unsupportedAcks) {

    public IngestSettings(AckMode mode, Charset defaultCharset, Duration applyWait, int maxMessageBytes) {
        this(mode, defaultCharset, applyWait, maxMessageBytes, UnsupportedAcks.DEFAULT);
    }

    public static IngestSettings defaults() {
        return new IngestSettings(AckMode.ORIGINAL, StandardCharsets.UTF_8, Duration.ofSeconds(10), 1 << 20);
    }

    public IngestSettings withMode(AckMode newMode) {
        return new IngestSettings(newMode, defaultCharset, applyWait, maxMessageBytes, unsupportedAcks);
    }

    public IngestSettings withMaxMessageBytes(int bytes) {
        return new IngestSettings(mode, defaultCharset, applyWait, bytes, unsupportedAcks);
    }

    public IngestSettings withUnsupportedAcks(UnsupportedAcks acks) {
        return new IngestSettings(mode, defaultCharset, applyWait, maxMessageBytes, acks);
    }
}
