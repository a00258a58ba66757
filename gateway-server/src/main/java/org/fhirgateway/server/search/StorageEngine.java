package org.fhirgateway.server.search;

import ca.uhn.fhir.context.FhirContext;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.FhirStore;
import org.fhirgateway.server.store.TokenSigner;

/**
 * Wires the store and the search over one database: the search's indexer and conditional matcher are handed to the
 * store, so writing and searching share one definition of every parameter.
 *
 * <pre>{@code
 * Database db = Database.open("jdbc:postgresql://127.0.0.1:5432/gateway?user=gateway");
 * StorageEngine engine = StorageEngine.open(db, FhirContext.forR4Cached());
 * engine.store().create(AccessContext.system(), patient);
 * SearchResult r = engine.search().search(ctx, SearchRequest.of("Patient", "family=smith"));
 * }</pre>
 */
public final class StorageEngine {

    private final FhirStore store;
    private final FhirSearch search;

    private StorageEngine(FhirStore store, FhirSearch search) {
        this.store = store;
        this.search = search;
    }

    /** Store and search with a random page-token key (tokens do not survive a restart). */
    public static StorageEngine open(Database database, FhirContext fhir) {
        return open(database, fhir, TokenSigner.random());
    }

    /** Store and search with the given page-token signer (share its key across nodes). */
    public static StorageEngine open(Database database, FhirContext fhir, TokenSigner signer) {
        SearchParamRegistry registry = new SearchParamRegistry(fhir);
        SearchService service = new SearchService(database, fhir, registry, signer);
        FhirStore store = new FhirStore(new FhirStore.Config(database, fhir, new Indexer(registry),
                service.conditionalMatcher(), signer));
        return new StorageEngine(store, service);
    }

    public FhirStore store() {
        return store;
    }

    public FhirSearch search() {
        return search;
    }
}
