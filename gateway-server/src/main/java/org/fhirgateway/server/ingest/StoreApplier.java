package org.fhirgateway.server.ingest;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.mappers.BundleJson;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingResult;
import org.fhirgateway.mappers.MessageMapper;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.store.BusinessKeyConflictException;
import org.fhirgateway.server.store.FhirStore;
import org.fhirgateway.server.store.StoreException;
import org.fhirgateway.server.store.StoreTransaction;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The production applier: map the message (mappers), complete updates from what is stored ({@link ApplyMerge}),
 * and apply the transaction Bundle (store) as the gateway, inside the worker's transaction
 * ({@link FhirStore#join}): the resources and the inbox row's {@code applied} status are one commit, so a crash
 * leaves either both or neither, and a message is applied exactly once.
 *
 * <p>The store does not retry inside the worker's transaction: a unique-key violation (another patient's message
 * creating the same Practitioner or Organization at the same moment) or a transient conflict reaches the worker
 * as the {@link SQLException}, which rolls back and applies the message again in a new transaction.
 * ApplyMerge and MergeRepoint read committed state outside {@code tx}; the worker's lane lease keeps the patient's
 * own resources from changing meanwhile.
 */
public final class StoreApplier implements MessageApplier {

    /** The error code of a message whose mapped bundle failed {@link MappedValidation}. */
    public static final String MAPPED_BUNDLE_INVALID = "MAPPED_BUNDLE_INVALID";

    private final MessageMapper mapper;
    private final FhirStore store;
    private final ApplyMerge merge;
    private final MergeRepoint repoint;
    private final IdentifierChange identifierChange;
    private final VisitMove visitMove;
    private final PersonRetraction retraction;
    private final MappingFindings findings;
    private final MappedValidation validation;
    private final StorageEngine engine;
    private final FhirContext fhir;
    private final Options options;

    public StoreApplier(MessageMapper mapper, StorageEngine engine, FhirContext fhir) {
        this(mapper, engine, fhir, result -> tx -> { });
    }

    /** @param findings what else a mapped message leaves behind (the data-quality work list), in the same commit */
    public StoreApplier(MessageMapper mapper, StorageEngine engine, FhirContext fhir, MappingFindings findings) {
        this(mapper, engine, fhir, new Options(findings, List.of(), MappedValidation.NONE));
    }

    /**
     * @param findings what else a mapped message leaves behind (the data-quality work list), in the same commit
     * @param demographicsSenders senders (MSH-3 or MSH-4) whose every message owns the Patient's demographics; other
     *     senders' non-ADT messages only fill gaps ({@link DemographicsGapFill})
     * @param validation checks each mapped Bundle before it is stored
     */
    public record Options(MappingFindings findings, List<String> demographicsSenders, MappedValidation validation) {}

    public StoreApplier(MessageMapper mapper, StorageEngine engine, FhirContext fhir, Options options) {
        this(mapper, engine, fhir, options, options.findings());
    }

    private StoreApplier(MessageMapper mapper, StorageEngine engine, FhirContext fhir, Options options,
            MappingFindings findings) {
        this.engine = engine;
        this.fhir = fhir;
        this.options = options;
        this.findings = findings;
        this.validation = options.validation();
        this.mapper = mapper;
        this.store = engine.store();
        this.merge = new ApplyMerge(engine.search(), fhir, new DemographicsGapFill(options.demographicsSenders()));
        this.repoint = new MergeRepoint(engine.search());
        this.identifierChange = new IdentifierChange(engine.search());
        this.visitMove = new VisitMove(engine.search());
        this.retraction = new PersonRetraction(engine.search());
    }

    /**
     * The same applier, except that a refused message's work-list entry (written in a commit of its own) is not
     * written: a rehearsal is rolled back and must leave nothing behind.
     */
    @Override
    public MessageApplier rehearsal() {
        MappingFindings inspectOnly = result -> findings.inspect(result);
        return new StoreApplier(mapper, engine, fhir, options, inspectOnly);
    }

    /**
     * A message with no usable time (MSH-7 and EVN-2, see the mappers' README) is mapped without one: its Bundle and
     * Provenance get the time the gateway received it, so the stored Provenance has its required {@code recorded}.
     */
    static void stampReceivedTime(Bundle bundle, java.time.Instant receivedAt) {
        if (bundle.hasTimestamp() || receivedAt == null) {
            return;
        }
        java.util.Date received = java.util.Date.from(receivedAt);
        bundle.setTimestamp(received);
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof org.hl7.fhir.r4.model.Provenance provenance && !provenance.hasRecorded()) {
                provenance.setRecorded(received);
            }
        }
    }

    @Override
    public Applied apply(Connection tx, InboxMessage message) throws MappingException, SQLException, Failed {
        MappingResult result = mapper.map(message.text());
        stampReceivedTime(result.bundle(), message.receivedAt());
        List<String> invalid = validation.errors(result.bundle());
        if (!invalid.isEmpty()) {
            throw new Failed(MAPPED_BUNDLE_INVALID, invalid.size() + " validation error(s) in the mapped bundle: "
                    + String.join("; ", invalid.subList(0, Math.min(5, invalid.size()))), null);
        }
        StoreTransaction joined = store.join(tx);
        try {
            MappingFindings.Writer found = findings.inspect(result);
            identifierChange.complete(result.bundle()); // A47: picks the stored record before it is completed
            merge.complete(result); // also keeps a non-owning sender's stored demographics (DemographicsGapFill)
            repoint.complete(result.bundle());
            visitMove.complete(result.bundle());
            retraction.complete(result.bundle());
            // the store rewrites references in what it is given: the bundle kept for the admin API stays as mapped
            Bundle response = joined.transaction(AccessContext.system(), result.bundle().copy());
            found.write(joined);
            List<String> touched = new ArrayList<>();
            for (Bundle.BundleEntryComponent entry : response.getEntry()) {
                if (entry.hasResponse() && entry.getResponse().hasLocation()) {
                    touched.add(entry.getResponse().getLocation());
                }
            }
            return new Applied(BundleJson.toJson(result.bundle()), touched, joined::ended);
        } catch (BusinessKeyConflictException e) {
            joined.ended(false);
            findings.refused(result, e); // on the work list although the message's own writes roll back
            throw new Failed(e.code(), e.getMessage(), e);
        } catch (StoreException e) {
            joined.ended(false); // the worker rolls back on any exception
            throw new Failed(e.code(), e.getMessage(), e);
        } catch (Failed | SQLException | RuntimeException e) {
            joined.ended(false);
            throw e;
        }
    }
}
