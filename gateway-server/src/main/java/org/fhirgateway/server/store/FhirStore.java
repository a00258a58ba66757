package org.fhirgateway.server.store;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.consent.Labeller;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The storage API of the gateway (no HTTP here): CRUD with versions, conditional writes, history and
 * transaction/batch Bundles, on PostgreSQL. Thread-safe; one instance per {@link Database}.
 * Build it (together with the search that indexes for it) with
 * {@code org.fhirgateway.server.search.StorageEngine.open(database, fhirContext)}.
 *
 * <p>Every method throws {@link StoreException} (stable {@link StoreError} code and category) on failure;
 * If-Match mismatches throw {@link VersionConflictException}.
 */
public final class FhirStore {

    private final TransactionRunner runner;
    private final ResourceWriter writer;
    private final ResourceReader reader;
    private final HistoryReader history;
    private final BundleProcessor bundles;
    private final StoreParts parts;
    private final DisclosureLog disclosures;
    private final Relabelling relabelling;

    /** Everything the store needs from outside: the search package supplies the indexer and matcher. */
    public record Config(Database database, FhirContext fhir, ResourceIndexer indexer, ConditionalMatcher matcher,
            TokenSigner signer) {
    }

    public FhirStore(Config config) {
        this(config, Clock.systemUTC());
    }

    FhirStore(Config config, Clock clock) {
        this.parts = new StoreParts(config.fhir(), new ResourceDao(), new IndexWriter(),
                new ResourceCodec(config.fhir()), config.indexer(), config.matcher(), clock);
        ResourceCache cache = new ResourceCache(10_000);
        this.runner = new TransactionRunner(config.database(), cache, parts);
        Labeller labeller = Labeller.fromPackage();
        this.writer = new ResourceWriter(parts, labeller);
        this.relabelling = new Relabelling(runner, writer, parts.dao(), labeller.fingerprint());
        config.database().stopOnClose(relabelling.schedule());
        this.reader = new ResourceReader(config.database(), parts, cache);
        this.history = new HistoryReader(config.database(), parts, config.signer());
        ReferenceRewriter rewriter = new ReferenceRewriter(config.fhir(), config.matcher());
        this.bundles = new BundleProcessor(runner, writer, rewriter, new EntryExecutor(writer, parts));
        this.disclosures = new DisclosureLog(config.database().dataSource());
    }

    /** Whether every stored resource carries the labels the current sensitivity ValueSets give it. */
    public boolean labelsCurrent() {
        return relabelling.finished();
    }

    /** The accounting of disclosures and the de-identified clients' pseudonyms. */
    public DisclosureLog disclosures() {
        return disclosures;
    }

    /** The Patient whose compartment the resource is in (its own id for a Patient), or null. */
    public String compartmentPatient(Resource resource) {
        return parts.indexer().compartmentPatient(resource);
    }

    /** The current version; RESOURCE_NOT_FOUND, RESOURCE_DELETED (gone), or ACCESS_DENIED. */
    public StoredResource read(AccessContext ctx, String type, String id) {
        return reader.read(ctx, type, id);
    }

    /** One version; VERSION_NOT_FOUND when it never existed, RESOURCE_DELETED when it is a deletion. */
    public StoredResource vread(AccessContext ctx, String type, String id, long version) {
        return reader.vread(ctx, type, id, version);
    }

    /** Creates with a server-assigned id (any id in the resource is ignored). */
    public WriteOutcome create(AccessContext ctx, Resource resource) {
        AccessChecks.requireWrite(ctx, resource.fhirType());
        return runner.inTransaction(tx -> writer.create(tx, resource, ResourceWriter.newId()));
    }

    /**
     * If-None-Exist: 0 matches creates (CREATED), 1 match returns it (MATCHED), more fail with MULTIPLE_MATCHES.
     * Concurrent calls with the same criteria never create twins.
     *
     * @param criteria search criteria, e.g. {@code identifier=http://hospital/mrn|123}
     */
    public WriteOutcome conditionalCreate(AccessContext ctx, Resource resource, String criteria) {
        AccessChecks.requireWrite(ctx, resource.fhirType());
        return runner.inTransaction(tx -> writer.conditionalCreate(tx, resource, criteria, ResourceWriter.newId()));
    }

    /** Update by the resource's id, or create with that id (update-as-create). UNCHANGED when identical. */
    public WriteOutcome update(AccessContext ctx, Resource resource) {
        AccessChecks.requireWrite(ctx, resource.fhirType());
        String id = idOf(resource);
        return runner.inTransaction(tx -> writer.put(tx, resource, id, null));
    }

    /** Update only if the current version is {@code ifMatchVersion}, else {@link VersionConflictException}. */
    public WriteOutcome update(AccessContext ctx, Resource resource, long ifMatchVersion) {
        AccessChecks.requireWrite(ctx, resource.fhirType());
        String id = idOf(resource);
        return runner.inTransaction(tx -> writer.put(tx, resource, id, ifMatchVersion));
    }

    /** Conditional update: 0 matches create, 1 match update it, more fail with MULTIPLE_MATCHES. */
    public WriteOutcome conditionalUpdate(AccessContext ctx, Resource resource, String criteria) {
        AccessChecks.requireWrite(ctx, resource.fhirType());
        return runner.inTransaction(tx -> writer.conditionalUpdate(tx, resource, criteria, ResourceWriter.newId()));
    }

    /** Deletes (a new deleted version); NOTHING_DELETED when absent or already deleted. */
    public WriteOutcome delete(AccessContext ctx, String type, String id) {
        AccessChecks.requireWrite(ctx, type);
        return runner.inTransaction(tx -> writer.delete(tx, type, id));
    }

    /** Deletes only if the current version is {@code ifMatchVersion}, else {@link VersionConflictException}. */
    public WriteOutcome delete(AccessContext ctx, String type, String id, long ifMatchVersion) {
        AccessChecks.requireWrite(ctx, type);
        return runner.inTransaction(tx -> writer.delete(tx, type, id, ifMatchVersion));
    }

    /** Conditional delete: deletes the one match; more than one fails with MULTIPLE_MATCHES. */
    public WriteOutcome conditionalDelete(AccessContext ctx, String type, String criteria) {
        AccessChecks.requireWrite(ctx, type);
        return runner.inTransaction(tx -> writer.conditionalDelete(tx, type, criteria));
    }

    /** Instance, type or system history, newest first, keyset-paged. */
    public HistoryPage history(AccessContext ctx, HistoryRequest request) {
        return history.history(ctx, request);
    }

    /**
     * Processes a transaction (all or nothing) or batch (each entry alone) Bundle and returns the
     * transaction-response or batch-response Bundle, entries in request order.
     */
    public Bundle transaction(AccessContext ctx, Bundle bundle) {
        return bundles.process(ctx, bundle);
    }

    /**
     * Store writes inside the caller's open transaction on {@code connection} (auto-commit off): no commit and no
     * retry of their own; see {@link StoreTransaction}.
     */
    public StoreTransaction join(Connection connection) throws SQLException {
        return new StoreTransaction(connection, parts, bundles, runner);
    }

    private static String idOf(Resource resource) {
        String id = resource.getIdElement().getIdPart();
        if (id == null) {
            throw new StoreException(StoreError.INVALID_RESOURCE, "update needs a resource id");
        }
        return id;
    }
}
