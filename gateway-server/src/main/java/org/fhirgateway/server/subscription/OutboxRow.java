package org.fhirgateway.server.subscription;

/** A committed new version waiting in {@code subscription_outbox} to be matched against the subscriptions. */
record OutboxRow(long seq, String type, String id, long version, String lane, long committedAt) {
}
