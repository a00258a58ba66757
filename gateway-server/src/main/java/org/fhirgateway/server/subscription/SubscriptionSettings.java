package org.fhirgateway.server.subscription;

import java.time.Duration;
import java.util.List;

/**
 * How subscriptions are served.
 *
 * @param types the resource types a criteria may name
 * @param giveUpAfter how long a receiver may keep failing before its Subscription is marked {@code error}
 * @param retryInitial the first retry's delay; each further one doubles, up to {@code retryMax}
 * @param retryMax the longest delay between two attempts
 * @param workers delivery threads of this node (different patients are delivered in parallel)
 * @param poll how often an idle node looks for new work
 */
public record SubscriptionSettings(List<String> types, Duration giveUpAfter, Duration retryInitial, Duration retryMax,
        int workers, Duration poll) {

    public SubscriptionSettings {
        types = List.copyOf(types);
    }

    /** The delay before attempt {@code attempts + 1}, after {@code attempts} failures. */
    long retryDelayMillis(int attempts) {
        long delay = retryInitial.toMillis();
        for (int i = 1; i < attempts && delay < retryMax.toMillis(); i++) {
            delay *= 2;
        }
        return Math.min(delay, retryMax.toMillis());
    }
}
