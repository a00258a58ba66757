package org.fhirgateway.server.rest;

import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.FhirStore;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;

/**
 * System-level interactions: {@code POST /fhir} with a transaction or batch Bundle (scopes checked per entry
 * before anything runs), and {@code GET /fhir/_history} (needs read access to every served type).
 */
public final class SystemProvider {

    private final FhirStore store;
    private final List<String> resourceTypes;
    private final HistoryQueries history;

    SystemProvider(FhirStore store, List<String> resourceTypes) {
        this.store = store;
        this.resourceTypes = List.copyOf(resourceTypes);
        this.history = new HistoryQueries(store);
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle, RequestDetails request) {
        AccessContext ctx = RequestAccess.of(request);
        if (bundle.getType() != BundleType.TRANSACTION && bundle.getType() != BundleType.BATCH) {
            throw new InvalidRequestException("GW-REQ-004: POST to the base needs a Bundle of type transaction or batch");
        }
        BundleScopes.check(ctx, bundle);
        return store.transaction(ctx, bundle);
    }

    @History
    public Bundle systemHistory(RequestDetails request) {
        AccessContext ctx = RequestAccess.of(request);
        for (String type : resourceTypes) {
            if (!ctx.canRead(type)) {
                throw RequestAccess.forbidden(ctx, "read", type + " (system history needs read access to every type)");
            }
        }
        return history.history(ctx, request, null, null);
    }
}
