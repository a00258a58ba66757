package org.fhirgateway.server.ingest;

import java.nio.charset.Charset;

/**
 * One stored message as a worker sees it.
 *
 * @param id the inbox row id (receive order)
 * @param lane the ordering lane (patient key)
 * @param mergeLane the losing patient's lane of a merge, or null
 * @param raw the bytes as received
 * @param charset the charset that decodes them
 */
public record InboxMessage(long id, String lane, String mergeLane, byte[] raw, Charset charset, AckMode mode) {

    public String text() {
        return new String(raw, charset);
    }
}
