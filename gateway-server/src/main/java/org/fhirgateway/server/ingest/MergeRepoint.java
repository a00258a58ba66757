package org.fhirgateway.server.ingest;

import java.util.List;
import java.util.Optional;
import org.fhirgateway.server.search.FhirSearch;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A40 at apply time: the mappers write the losing Patient inactive with a replaced-by link. This adds to the same
 * transaction every resource of the losing patient's record that the gateway stores (encounters, conditions,
 * procedures, observations, reports, allergies, coverages, related persons), all of them, with its patient reference
 * pointed at the survivor, and the losing identifiers on the survivor (use = old), so a search by the old identifier
 * finds the survivor too. Runs in the survivor's lane holding the loser's lease as well, so no message of either
 * patient is applied meanwhile.
 */
final class MergeRepoint {

    /** Search page size while collecting a type's resources (every page is read). */
    static final int PAGE = StoredRecords.PAGE;

    private final FhirSearch search;
    private final StoredRecords records;

    MergeRepoint(FhirSearch search) {
        this.search = search;
        this.records = new StoredRecords(search);
    }

    /** Adds the repointing entries to a merge bundle; does nothing for other bundles. */
    void complete(Bundle bundle) {
        for (Bundle.BundleEntryComponent entry : List.copyOf(bundle.getEntry())) {
            if (entry.getResource() instanceof Patient losing && replacedBy(losing) != null) {
                Reference survivor = replacedBy(losing);
                ApplyMerge.storedMatch(search, entry.getRequest().getUrl())
                        .ifPresent(stored -> repoint(bundle, stored, survivor));
                survivorOf(bundle, survivor).ifPresent(s -> keepOldIdentifiers(s, losing));
            }
        }
    }

    private void repoint(Bundle bundle, Resource losing, Reference survivor) {
        String loser = "Patient/" + losing.getIdElement().getIdPart();
        for (StoredRecords.PatientReference ref : StoredRecords.PATIENT_RECORD) {
            records.each(ref.type(), ref.element(), loser, resource -> {
                Resource moved = resource.copy();
                moved.getNamedProperty(ref.element()).getValues().clear();
                moved.setProperty(ref.element(), new Reference(survivor.getReference()));
                StoredRecords.put(bundle, resource, moved);
            });
        }
    }

    private static void keepOldIdentifiers(Patient survivor, Patient losing) {
        for (Identifier old : losing.getIdentifier()) {
            boolean present = survivor.getIdentifier().stream().anyMatch(i -> i.getSystem() != null
                    && i.getSystem().equals(old.getSystem()) && i.getValue() != null && i.getValue().equals(old.getValue()));
            if (!present) {
                survivor.addIdentifier(old.copy().setUse(Identifier.IdentifierUse.OLD));
            }
        }
    }

    private static Reference replacedBy(Patient patient) {
        return patient.getLink().stream().filter(l -> l.getType() == Patient.LinkType.REPLACEDBY)
                .map(Patient.PatientLinkComponent::getOther).findFirst().orElse(null);
    }

    private static Optional<Patient> survivorOf(Bundle bundle, Reference survivor) {
        return bundle.getEntry().stream().filter(e -> survivor.getReference().equals(e.getFullUrl()))
                .map(Bundle.BundleEntryComponent::getResource).filter(Patient.class::isInstance)
                .map(Patient.class::cast).findFirst();
    }
}
