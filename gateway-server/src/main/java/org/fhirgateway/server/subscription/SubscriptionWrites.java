package org.fhirgateway.server.subscription;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.FhirStore;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;
import org.fhirgateway.server.store.StoreTransaction;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Subscription;

/**
 * Subscription create, update and delete: the Subscription resource (through the store, as any resource) and its
 * {@code subscription} row commit in one transaction, so the gateway never serves a Subscription it did not store
 * nor stores one it does not serve. A requested Subscription is stored {@code active}.
 */
final class SubscriptionWrites {

    /** A stored Subscription, with its versioned id. */
    record Written(Subscription resource, boolean created) {
    }

    private final Database database;
    private final FhirStore store;
    private final SubscriptionParser parser;
    private final Owners owners;

    SubscriptionWrites(Database database, FhirStore store, SubscriptionParser parser, Owners owners) {
        this.database = database;
        this.store = store;
        this.parser = parser;
        this.owners = owners;
    }

    Written create(AccessContext ctx, Subscription s) {
        return put(ctx, s, UUID.randomUUID().toString());
    }

    Written update(AccessContext ctx, Subscription s, String id) {
        return put(ctx, s, id);
    }

    void delete(AccessContext ctx, String id) {
        inTransaction(ctx, (c, tx) -> {
            Optional<SubscriptionSpec> existing = SubscriptionTable.findForUpdate(c, id);
            existing.ifPresent(e -> checkOwner(ctx, e));
            tx.transaction(ctx, entry(new Bundle.BundleEntryComponent(), Bundle.HTTPVerb.DELETE, id));
            SubscriptionTable.delete(c, id);
            return null;
        });
    }

    /** The gateway's own update after a receiver kept failing: status {@code error} with the reason. */
    void markError(String id, String reason) {
        AccessContext system = AccessContext.system();
        inTransaction(system, (c, tx) -> {
            if (!SubscriptionTable.markError(c, id, reason)) {
                return null;
            }
            Subscription current = (Subscription) store.read(system, "Subscription", id).resource();
            current.setStatus(Subscription.SubscriptionStatus.ERROR).setError(reason);
            Bundle.BundleEntryComponent e = new Bundle.BundleEntryComponent().setResource(current);
            tx.transaction(system, entry(e, Bundle.HTTPVerb.PUT, id));
            return null;
        });
    }

    private Written put(AccessContext ctx, Subscription input, String id) {
        return inTransaction(ctx, (c, tx) -> {
            Optional<SubscriptionSpec> existing = SubscriptionTable.findForUpdate(c, id);
            existing.ifPresent(e -> checkOwner(ctx, e));
            AccessContext owner = existing.filter(e -> !e.owner().equals(ctx.clientName()))
                    .flatMap(e -> owners.current(e.owner())).orElse(ctx);
            SubscriptionSpec spec = parser.parse(owner, input, id);
            Subscription resource = input.copy();
            resource.setId(id);
            resource.setStatus(SubscriptionSpec.ACTIVE.equals(spec.status()) ? Subscription.SubscriptionStatus.ACTIVE
                    : Subscription.SubscriptionStatus.OFF);
            resource.setErrorElement(null);
            Bundle.BundleEntryComponent e = new Bundle.BundleEntryComponent().setResource(resource);
            Bundle response = tx.transaction(ctx, entry(e, Bundle.HTTPVerb.PUT, id));
            SubscriptionTable.upsert(c, spec);
            Bundle.BundleEntryResponseComponent r = response.getEntryFirstRep().getResponse();
            IdType location = new IdType(r.getLocation());
            resource.setId(new IdType("Subscription", id, location.getVersionIdPart()));
            resource.getMeta().setVersionId(location.getVersionIdPart());
            if (r.hasLastModified()) {
                resource.getMeta().setLastUpdatedElement(new InstantType(r.getLastModified()));
            }
            return new Written(resource, r.getStatus().startsWith("201"));
        });
    }

    private static void checkOwner(AccessContext ctx, SubscriptionSpec existing) {
        if (!existing.owner().equals(ctx.clientName()) && !ctx.policy().unrestricted()) {
            throw new StoreException(StoreError.NOT_SUBSCRIPTION_OWNER,
                    "only the client that created this Subscription may change or delete it");
        }
    }

    private static Bundle entry(Bundle.BundleEntryComponent e, Bundle.HTTPVerb verb, String id) {
        e.getRequest().setMethod(verb).setUrl("Subscription/" + id);
        return new Bundle().setType(Bundle.BundleType.TRANSACTION).addEntry(e);
    }

    private interface Work<T> {
        T run(Connection c, StoreTransaction tx) throws SQLException;
    }

    private <T> T inTransaction(AccessContext ctx, Work<T> work) {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            StoreTransaction tx = store.join(c);
            boolean committed = false;
            try {
                T result = work.run(c, tx);
                c.commit();
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    c.rollback();
                }
                tx.ended(committed);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "subscription write failed (SQLState "
                    + e.getSQLState() + ")", e);
        }
    }
}
