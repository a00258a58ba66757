package org.fhirgateway.server.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fhirgateway.server.consent.AccessContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;

/**
 * Transaction and batch Bundles. A transaction runs in one database transaction in the FHIR order
 * (DELETE, POST, PUT, GET), with bundle-internal and conditional references rewritten first, and is retried as a
 * whole when a concurrent writer collides; any failure rolls everything back. A batch runs each entry on its own.
 * A transaction may also run inside a caller's transaction ({@link StoreTransaction}): then the caller commits and
 * retries.
 */
final class BundleProcessor {

    private final TransactionRunner runner;
    private final ResourceWriter writer;
    private final ReferenceRewriter rewriter;
    private final EntryExecutor executor;

    BundleProcessor(TransactionRunner runner, ResourceWriter writer, ReferenceRewriter rewriter,
            EntryExecutor executor) {
        this.runner = runner;
        this.writer = writer;
        this.rewriter = rewriter;
        this.executor = executor;
    }

    Bundle process(AccessContext ctx, Bundle bundle) {
        if (bundle.getType() == Bundle.BundleType.TRANSACTION) {
            return transaction(ctx, bundle);
        }
        if (bundle.getType() == Bundle.BundleType.BATCH) {
            return batch(ctx, bundle);
        }
        throw new StoreException(StoreError.INVALID_BUNDLE, "Bundle.type must be transaction or batch");
    }

    private Bundle transaction(AccessContext ctx, Bundle bundle) {
        return runner.inTransaction(tx -> transaction(tx, ctx, bundle));
    }

    /**
     * A transaction Bundle inside {@code tx}, which someone else commits or rolls back (and retries): no commit, no
     * retry here. A batch has no place in a caller's transaction (each of its entries commits alone).
     */
    Bundle transaction(Tx tx, AccessContext ctx, Bundle bundle) throws SQLException {
        if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
            throw new StoreException(StoreError.INVALID_BUNDLE, "only a transaction Bundle runs in a caller's transaction");
        }
        List<EntryRequest> entries = parseAll(bundle);
        for (EntryRequest e : entries) {
            executor.checkAccess(ctx, e);
        }
        Bundle result = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        runTransaction(tx, ctx, entries).forEach(result::addEntry);
        return result;
    }

    private List<Bundle.BundleEntryComponent> runTransaction(Tx tx, AccessContext ctx, List<EntryRequest> entries)
            throws SQLException {
        Bundle.BundleEntryComponent[] out = new Bundle.BundleEntryComponent[entries.size()];
        for (EntryRequest e : byVerb(entries, HTTPVerb.DELETE)) {
            out[e.index()] = guarded(e, () -> executor.delete(tx, e));
        }
        Map<String, String> fullUrlToId = new HashMap<>();
        Map<Integer, String> assigned = new HashMap<>();
        Map<Integer, WriteOutcome> matched = new HashMap<>();
        for (EntryRequest e : byVerb(entries, HTTPVerb.POST)) {
            guarded(e, () -> resolvePost(tx, e, fullUrlToId, assigned, matched));
        }
        for (EntryRequest e : byVerb(entries, HTTPVerb.PUT)) {
            guarded(e, () -> resolvePut(tx, e, fullUrlToId, assigned));
        }
        for (EntryRequest e : entries) {
            if (e.resource() != null && !matched.containsKey(e.index())) {
                guarded(e, () -> {
                    rewriter.rewrite(tx, e.resource(), fullUrlToId);
                    return null;
                });
            }
        }
        for (EntryRequest e : entries) {
            String id = assigned.get(e.index());
            if (e.resource() != null && id != null) {
                tx.bundleResources.put(e.target().type() + "/" + id, e.resource());
            }
        }
        for (EntryRequest e : byVerb(entries, HTTPVerb.POST)) {
            WriteOutcome m = matched.get(e.index());
            out[e.index()] = m != null ? EntryExecutor.response(m)
                    : guarded(e, () -> EntryExecutor.response(writer.create(tx, e.resource(), assigned.get(e.index()))));
        }
        for (EntryRequest e : byVerb(entries, HTTPVerb.PUT)) {
            out[e.index()] = guarded(e, () -> {
                if (e.target().id() == null) { // conditional: the id it matched, if any, must keep its patient
                    writer.checkSamePatient(tx, e.resource(), assigned.get(e.index()));
                }
                return EntryExecutor.response(writer.put(tx, e.resource(), assigned.get(e.index()), e.ifMatch()));
            });
        }
        for (EntryRequest e : byVerb(entries, HTTPVerb.GET)) {
            out[e.index()] = guarded(e, () -> executor.get(tx, ctx, e));
        }
        return List.of(out);
    }

    private Void resolvePost(Tx tx, EntryRequest e, Map<String, String> fullUrlToId, Map<Integer, String> assigned,
            Map<Integer, WriteOutcome> matched) throws SQLException {
        String type = e.target().type();
        String id = ResourceWriter.newId();
        if (e.ifNoneExist() != null) {
            List<String> ids = writer.claimAndMatch(tx, type, e.ifNoneExist());
            if (ids.size() > 1) {
                throw new StoreException(StoreError.MULTIPLE_MATCHES, "ifNoneExist on " + type
                        + " matched more than one resource");
            }
            if (ids.size() == 1) {
                id = ids.get(0);
                matched.put(e.index(), writer.conditionalCreate(tx, e.resource(), e.ifNoneExist(), id));
            }
        }
        assigned.put(e.index(), id);
        mapFullUrl(e, type, id, fullUrlToId);
        return null;
    }

    private Void resolvePut(Tx tx, EntryRequest e, Map<String, String> fullUrlToId, Map<Integer, String> assigned)
            throws SQLException {
        String type = e.target().type();
        String id = e.target().id();
        if (id == null) {
            List<String> ids = writer.claimAndMatch(tx, type, e.target().criteria());
            if (ids.size() > 1) {
                throw new StoreException(StoreError.MULTIPLE_MATCHES, "conditional PUT on " + type
                        + " matched more than one resource");
            }
            String given = e.resource().getIdElement().getIdPart();
            id = ids.isEmpty() ? (given != null ? given : ResourceWriter.newId()) : ids.get(0);
        }
        assigned.put(e.index(), id);
        mapFullUrl(e, type, id, fullUrlToId);
        return null;
    }

    private static void mapFullUrl(EntryRequest e, String type, String id, Map<String, String> fullUrlToId) {
        if (e.fullUrl() != null && !e.fullUrl().isBlank()) {
            fullUrlToId.put(e.fullUrl(), type + "/" + id);
        }
    }

    private Bundle batch(AccessContext ctx, Bundle bundle) {
        Bundle result = new Bundle().setType(Bundle.BundleType.BATCHRESPONSE);
        List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
        for (int i = 0; i < entries.size(); i++) {
            int index = i;
            try {
                EntryRequest e = EntryRequest.parse(index, entries.get(index));
                executor.checkAccess(ctx, e);
                result.addEntry(runner.inTransaction(tx -> executor.single(tx, ctx, e, rewriter)));
            } catch (StoreException ex) {
                result.addEntry(EntryExecutor.failure(ex));
            }
        }
        return result;
    }

    private static List<EntryRequest> parseAll(Bundle bundle) {
        List<EntryRequest> entries = new ArrayList<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            entries.add(EntryRequest.parse(i, bundle.getEntry().get(i)));
        }
        return entries;
    }

    private static List<EntryRequest> byVerb(List<EntryRequest> entries, HTTPVerb verb) {
        return entries.stream().filter(e -> e.verb() == verb).toList();
    }

    /** Work on one entry whose failure names the entry. */
    private interface EntryWork<T> {
        T run() throws SQLException;
    }

    private static <T> T guarded(EntryRequest e, EntryWork<T> work) throws SQLException {
        try {
            return work.run();
        } catch (VersionConflictException | BusinessKeyConflictException ex) {
            throw ex;
        } catch (StoreException ex) {
            throw new StoreException(ex.error(), "transaction entry " + e.index() + ": " + ex.getMessage(), ex);
        }
    }
}
