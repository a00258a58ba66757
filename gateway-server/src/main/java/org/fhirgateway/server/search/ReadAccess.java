package org.fhirgateway.server.search;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;

/**
 * What one search may read, asked in one place: every resource type a query reaches (the searched type, chain
 * targets, {@code _has} sources, {@code _include}/{@code _revinclude} ends, {@code $everything} types) goes through
 * {@link #requireRead} or {@link #readable}, and every resource it reaches gets the same consent criteria. A type
 * the client cannot read is refused (403, GW-STORE-009), never used silently as a filter, so a reachable criterion
 * cannot read out data of a type outside the client's scopes one bit at a time.
 *
 * <p>The decision itself is the {@link AccessContext}'s ({@link AccessContext#canRead}); consent rules hook in
 * there and in {@link #consent()}.
 */
final class ReadAccess {

    private static final ReadAccess SYSTEM = new ReadAccess(AccessContext.system());

    private final AccessContext ctx;
    private final List<Criterion> consent;

    private ReadAccess(AccessContext ctx) {
        this.ctx = ctx;
        this.consent = ctx.unfiltered() ? List.of() : List.of(new Criterion.Consent(ctx, System.currentTimeMillis()));
    }

    static ReadAccess of(AccessContext ctx) {
        return new ReadAccess(ctx);
    }

    /** The gateway's own lookups (conditional writes inside a transaction): every type, no consent filter. */
    static ReadAccess system() {
        return SYSTEM;
    }

    AccessContext context() {
        return ctx;
    }

    boolean canRead(String type) {
        return ctx.canRead(type);
    }

    /** @param how how the query reaches the type, for the message (e.g. "_has", "chain subject") */
    void requireRead(String type, String how) {
        if (!ctx.canRead(type)) {
            throw new StoreException(StoreError.ACCESS_DENIED, "no read scope for " + type
                    + (how == null ? "" : " (reached through " + how + ")"));
        }
    }

    /**
     * The readable ones of the types a criterion may reach; 403 when none is readable (the criterion could only
     * test data the client may not see).
     */
    Set<String> readable(Set<String> types, String how) {
        Set<String> readable = types.stream().filter(ctx::canRead).collect(Collectors.toCollection(
                java.util.LinkedHashSet::new));
        if (readable.isEmpty() && !types.isEmpty()) {
            requireRead(types.iterator().next(), how);
        }
        return readable;
    }

    /** The consent criteria every resource the query returns or reaches must also satisfy. */
    List<Criterion> consent() {
        return consent;
    }

    /** Appends {@code AND <consent>} on {@code alias}, for the SQL that loads included and compartment resources. */
    void appendConsent(Sql sql, String alias) {
        for (Criterion c : consent) {
            sql.append(" AND ");
            c.render(sql, alias);
        }
    }
}
