package org.fhirgateway.server.ingest;

/**
 * How a message ended after a worker took it: applied or failed, with the ACK stored on its row; or received
 * (still) when it is held behind a failed message of its lane, with the AA telling the sender it is safely kept.
 *
 * @param ack the application ACK (original mode), or null when none was built
 */
record Outcome(InboxStatus status, String ack, IngestError error) {
}
