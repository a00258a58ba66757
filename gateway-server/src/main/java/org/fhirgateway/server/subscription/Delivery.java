package org.fhirgateway.server.subscription;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.consent.Release;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.FhirStore;
import org.fhirgateway.server.store.ReleaseRecorder;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery attempt of a claimed notification: the version notified, read again with the owner's current
 * AccessContext (consent may have changed since the match: then nothing is sent), released through the owner's
 * policy, its disclosure recorded, then POSTed to the endpoint. A 2xx answer ends it; anything else schedules the
 * next attempt with exponential back-off, or marks the Subscription {@code error} once it kept failing longer than
 * {@link SubscriptionSettings#giveUpAfter()}. Logs carry subscription ids and status codes, never patient data.
 */
final class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    static final long LEASE_MILLIS = 60_000;

    private final Database database;
    private final FhirStore store;
    private final ReleaseRecorder recorder;
    private final Owners owners;
    private final SubscriptionWrites writes;
    private final SubscriptionSettings settings;
    private final Clock clock;
    private final FhirContext fhir = FhirContext.forR4Cached();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    Delivery(Database database, FhirStore store, Release release, Owners owners, SubscriptionWrites writes,
            SubscriptionSettings settings, Clock clock) {
        this.database = database;
        this.store = store;
        this.recorder = new ReleaseRecorder(store, release, clock);
        this.owners = owners;
        this.writes = writes;
        this.settings = settings;
        this.clock = clock;
    }

    /** Claims and delivers one due notification; false when none was due. */
    boolean deliverOne() throws SQLException {
        Optional<NotificationQueue.Claimed> claimed;
        Optional<SubscriptionSpec> spec;
        try (Connection c = database.connection()) {
            claimed = NotificationQueue.claim(c, clock.millis(), LEASE_MILLIS);
            if (claimed.isEmpty()) {
                return false;
            }
            spec = SubscriptionTable.find(c, claimed.get().subscription());
        }
        NotificationQueue.Claimed n = claimed.get();
        if (spec.isEmpty()) {
            finish(n);
            return true;
        }
        Optional<AccessContext> owner = owners.current(spec.get().owner());
        if (owner.isEmpty()) {
            writes.markError(n.subscription(), "the owner client '" + spec.get().owner() + "' is no longer configured");
            return true;
        }
        String failure;
        try {
            failure = attempt(n, spec.get(), owner.get());
        } catch (StoreException e) {
            failure = "the notification could not be prepared (" + e.code() + ")";
        }
        if (failure == null) {
            finish(n);
        } else {
            failed(n, failure);
        }
        return true;
    }

    /** Null when delivered (or nothing may be delivered any more), else why the attempt failed. */
    private String attempt(NotificationQueue.Claimed n, SubscriptionSpec spec, AccessContext owner) {
        Resource resource;
        try {
            resource = store.vread(owner, n.type(), n.resourceId(), n.version()).resource();
        } catch (StoreException e) {
            StoreError.Category category = e.category();
            if (category == StoreError.Category.INTERNAL || category == StoreError.Category.UNAVAILABLE) {
                throw e;
            }
            return null;   // withheld from the owner now, or gone: nothing is sent, nothing to retry
        }
        ReleaseRecorder.Batch batch = recorder.prepare(owner, List.of(resource));
        String body = fhir.newJsonParser().encodeResourceToString(NotificationBundle.of(spec.id(), n.id(),
                n.committedAt(), resource, spec.payload()));
        recorder.record(batch, "subscription", "Subscription/" + spec.id());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(spec.endpoint()))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (String header : spec.headers()) {
            int colon = header.indexOf(':');
            request.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? null : "the endpoint answered HTTP " + status;
        } catch (IOException e) {
            return "the endpoint could not be reached (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "delivery interrupted";
        }
    }

    private void finish(NotificationQueue.Claimed n) throws SQLException {
        try (Connection c = database.connection()) {
            NotificationQueue.done(c, n.id());
        }
    }

    private void failed(NotificationQueue.Claimed n, String reason) throws SQLException {
        long now = clock.millis();
        long since = n.firstFailureAt() == null ? now : n.firstFailureAt();
        if (now - since >= settings.giveUpAfter().toMillis()) {
            String error = "rest-hook delivery failed " + (n.attempts() + 1) + " times over "
                    + Duration.ofMillis(now - since).toSeconds() + " s; last: " + reason;
            LOG.warn("Subscription/{} marked error: {}", n.subscription(), error);
            try (Connection c = database.connection()) {
                NotificationQueue.failed(c, n.id(), now, now, reason);
            }
            writes.markError(n.subscription(), error);
            return;
        }
        long next = now + settings.retryDelayMillis(n.attempts() + 1);
        LOG.debug("Subscription/{} delivery failed ({}), attempt {} next in {} ms", n.subscription(), reason,
                n.attempts() + 1, next - now);
        try (Connection c = database.connection()) {
            NotificationQueue.failed(c, n.id(), now, next, reason);
        }
    }
}
