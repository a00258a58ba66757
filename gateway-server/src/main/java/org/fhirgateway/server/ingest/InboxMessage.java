package org.fhirgateway.server.ingest;

import java.nio.charset.Charset;
import java.time.Instant;

/**
 * One stored message as a worker sees it.
 *
 * @param id the inbox row id (receive order)
 * @param lane the ordering lane (patient key)
 * @param mergeLane the losing patient's lane of a merge, or null
 * @param raw the bytes as received
 * @param charset the charset that decodes them
 * @param receivedAt when the gateway received it (the time of a message that carries none), or null
 */
public record InboxMessage(long id, String lane, String mergeLane, byte[] raw, Charset charset, AckMode mode,
        Instant receivedAt) {

    public InboxMessage(long id, String lane, String mergeLane, byte[] raw, Charset charset, AckMode mode) {
        this(id, lane, mergeLane, raw, charset, mode, null);
    }

    public String text() {
        return new String(raw, charset);
    }
}
