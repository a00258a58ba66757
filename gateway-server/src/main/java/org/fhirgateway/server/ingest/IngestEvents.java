package org.fhirgateway.server.ingest;

/**
 * What the ingest tells whoever watches it (the metrics of the ops package), declared here by its consumer's
 * needs so the ingest imports no metrics library. Called on the listener and worker threads: implementations must
 * be quick and must not throw. The header is handed over for its type and sender only: never log or label
 * anything else of it.
 */
public interface IngestEvents {

    /** A new message was committed to the inbox (not a duplicate). */
    void received(V2Header header);

    /** The reply to a stored or refused message is ready, {@code nanos} after the bytes were handed in. */
    void acknowledged(V2Header header, long nanos);

    /** A worker applied the message; {@code nanos} is the apply transaction's time. */
    void applied(V2Header header, long nanos);

    /** A worker failed the message with a stable {@code code} (its lane is now held). */
    void failed(V2Header header, String code);

    /** A message was found behind a failed one of its lane and its waiting sender was told so. */
    void held(V2Header header);

    /** Nothing watches. */
    IngestEvents NONE = new IngestEvents() {
        @Override
        public void received(V2Header header) {
        }

        @Override
        public void acknowledged(V2Header header, long nanos) {
        }

        @Override
        public void applied(V2Header header, long nanos) {
        }

        @Override
        public void failed(V2Header header, String code) {
        }

        @Override
        public void held(V2Header header) {
        }
    };
}
