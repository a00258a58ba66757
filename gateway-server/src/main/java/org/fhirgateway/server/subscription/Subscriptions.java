package org.fhirgateway.server.subscription;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.consent.Release;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.store.Database;
import org.hl7.fhir.r4.model.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscription package's public face: Subscription writes (validated, stored {@code active}), and this node's
 * share of the work: one matcher thread (outbox to notifications; one node at a time) and delivery threads (any
 * node, each notification claimed by one). Every node that shares the database may run one; the work survives a
 * restart because it is all rows.
 */
public final class Subscriptions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);

    private final SubscriptionWrites writes;
    private final OutboxMatcher matcher;
    private final Delivery delivery;
    private final SubscriptionSettings settings;
    private final Object wake = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public Subscriptions(Database database, StorageEngine engine, Release release, Owners owners,
            SubscriptionSettings settings) {
        Clock clock = Clock.systemUTC();
        this.settings = settings;
        this.writes = new SubscriptionWrites(database, engine.store(),
                new SubscriptionParser(engine.search(), settings.types()), owners);
        this.matcher = new OutboxMatcher(database, engine.search(), owners, clock);
        this.delivery = new Delivery(database, engine.store(), release, owners, writes, settings, clock);
    }

    /** A stored Subscription and whether it was created. */
    public record Written(Subscription resource, boolean created) {
    }

    public Written create(AccessContext ctx, Subscription subscription) {
        SubscriptionWrites.Written w = writes.create(ctx, subscription);
        return new Written(w.resource(), w.created());
    }

    public Written update(AccessContext ctx, Subscription subscription, String id) {
        SubscriptionWrites.Written w = writes.update(ctx, subscription, id);
        return new Written(w.resource(), w.created());
    }

    public void delete(AccessContext ctx, String id) {
        writes.delete(ctx, id);
    }

    /** Starts the matcher and the delivery threads of this node. */
    public synchronized void start() {
        running = true;
        threads.add(daemon("subscription-matcher", this::matchLoop));
        for (int i = 0; i < settings.workers(); i++) {
            threads.add(daemon("subscription-delivery-" + i, this::deliveryLoop));
        }
    }

    private static Thread daemon(String name, Runnable loop) {
        Thread t = new Thread(loop, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void matchLoop() {
        while (running) {
            try {
                if (matcher.runOnce() > 0) {
                    synchronized (wake) {
                        wake.notifyAll();
                    }
                } else {
                    Thread.sleep(settings.poll().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.warn("subscription matching failed; retrying ({})", e.getClass().getSimpleName());
                pause();
            }
        }
    }

    private void deliveryLoop() {
        while (running) {
            try {
                if (!delivery.deliverOne()) {
                    synchronized (wake) {
                        wake.wait(settings.poll().toMillis());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.warn("subscription delivery failed; retrying ({})", e.getClass().getSimpleName());
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(settings.poll().toMillis() * 10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops this node's threads; a delivery in flight is abandoned and redelivered once its lease expired. */
    @Override
    public synchronized void close() throws InterruptedException {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(15));
        }
        threads.clear();
    }
}
