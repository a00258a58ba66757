package org.fhirgateway.server.ingest;

/**
 * States of an inbox row; stored as their names. {@code received -> applied | failed}, {@code failed -> received}
 * (replay) or {@code skipped} (final); {@code duplicate} is final. "Held" is not a state: a received row behind a
 * failed one of its lane (see {@link InboxQueue#HELD}). {@code received -> unsupported}: the mappers do not support
 * the message's type/event; it never holds its lane and is replayable ({@code unsupported -> received}) once they do.
 */
public enum InboxStatus {
    RECEIVED, APPLIED, FAILED, DUPLICATE, SKIPPED, UNSUPPORTED;

    public String db() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static InboxStatus fromDb(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
