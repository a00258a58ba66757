package org.fhirgateway.server.ingest;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.mappers.BundleJson;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingResult;
import org.fhirgateway.mappers.MessageMapper;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.store.FhirStore;
import org.fhirgateway.server.store.StoreException;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The production applier: map the message (mappers), complete updates from what is stored ({@link ApplyMerge}),
 * and apply the transaction Bundle (store) as the gateway.
 *
 * <p>The store runs the Bundle in its own database transaction; the worker marks the row applied in the next one.
 * If the process dies between the two, the message is applied again after restart; the mappers' Bundles are
 * idempotent (conditional writes on deterministic keys; identical content makes no new version), so the stored
 * resources end the same. True single-commit exactly-once needs {@code FhirStore.transaction} on a given
 * connection (noted for the store).
 */
public final class StoreApplier implements MessageApplier {

    private final MessageMapper mapper;
    private final FhirStore store;
    private final ApplyMerge merge;
    private final MergeRepoint repoint;

    public StoreApplier(MessageMapper mapper, StorageEngine engine, FhirContext fhir) {
        this.mapper = mapper;
        this.store = engine.store();
        this.merge = new ApplyMerge(engine.search(), fhir);
        this.repoint = new MergeRepoint(engine.search());
    }

    @Override
    public Applied apply(Connection tx, InboxMessage message) throws MappingException, Failed {
        MappingResult result = mapper.map(message.text());
        Bundle response;
        try {
            merge.complete(result);
            repoint.complete(result.bundle());
            // the store rewrites references in what it is given: the bundle kept for the admin API stays as mapped
            response = store.transaction(AccessContext.system(), result.bundle().copy());
        } catch (StoreException e) {
            throw new Failed(e.code(), e.getMessage(), e);
        }
        String bundleJson = BundleJson.toJson(result.bundle());
        List<String> touched = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : response.getEntry()) {
            if (entry.hasResponse() && entry.getResponse().hasLocation()) {
                touched.add(entry.getResponse().getLocation());
            }
        }
        return new Applied(bundleJson, touched);
    }
}
