package org.fhirgateway.server.ingest;

import java.util.Optional;
import org.fhirgateway.mappers.segment.BundleBuilder;
import org.fhirgateway.server.search.FhirSearch;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * A47 (change patient identifier) at apply time. The mapped Patient entry is a conditional PUT on the prior (wrong)
 * identifier carrying the new one, so the stored Patient changes identifier and no twin is made. Two cases need the
 * store: a replay, when the prior identifier is gone and the new one is stored, lands on the new one; and a new
 * identifier that already belongs to another stored patient is refused (IDENTIFIER_IN_USE), since two records of one
 * person are joined only by a merge (A40). Runs before {@link ApplyMerge}, which then completes the right record.
 */
final class IdentifierChange {

    static final String EVENT = "ADT^A47";
    static final String IN_USE = "IDENTIFIER_IN_USE";

    private final FhirSearch search;

    IdentifierChange(FhirSearch search) {
        this.search = search;
    }

    void complete(Bundle bundle) throws MessageApplier.Failed {
        if (!EVENT.equals(StoredRecords.messageType(bundle))) {
            return;
        }
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (!(entry.getResource() instanceof Patient changed) || !changed.hasIdentifier()) {
                continue;
            }
            String priorUrl = entry.getRequest().getUrl();
            String newUrl = BundleBuilder.conditionalUrl("Patient", changed.getIdentifierFirstRep());
            if (newUrl.equals(priorUrl)) {
                continue;
            }
            Optional<Resource> prior = ApplyMerge.storedMatch(search, priorUrl);
            Optional<Resource> holder = ApplyMerge.storedMatch(search, newUrl);
            if (prior.isPresent() && holder.isPresent()
                    && !prior.get().getIdElement().getIdPart().equals(holder.get().getIdElement().getIdPart())) {
                throw new MessageApplier.Failed(IN_USE, "the new patient identifier (PID-3) already belongs to another"
                        + " stored patient; merge the two records (A40) instead", null);
            }
            if (prior.isEmpty() && holder.isPresent()) {
                entry.getRequest().setUrl(newUrl);
            }
        }
    }
}
