package org.fhirgateway.server.ingest;

/**
 * How a message ended after a worker took it: applied or failed, with the ACK stored on its row.
 *
 * @param ack the application ACK (original mode), or null when none was built
 */
record Outcome(InboxStatus status, String ack, IngestError error) {
}
