/**
 * R4 Subscriptions with a rest-hook channel (docs/subscriptions.md): {@link org.fhirgateway.server.subscription.Subscriptions}
 * accepts and validates Subscription writes, matches committed changes from the store's outbox against each active
 * subscription through the search with the owner's AccessContext (so consent applies), and delivers notifications at
 * least once, in order per patient, with back-off, through the release policy and the accounting of disclosures.
 * May use store, search and consent; never rest, app or ingest.
 */
package org.fhirgateway.server.subscription;
