package org.fhirgateway.server.ingest;

import java.util.List;
import java.util.Optional;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.FhirSearch;
import org.fhirgateway.server.search.SearchRequest;
import org.fhirgateway.server.search.SearchResult;
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

    /**
     * A resource type that points at its patient, and the element holding the reference; the type's search parameter
     * of that name indexes it.
     */
    private record PatientReference(String type, String element) {
    }

    private static final List<PatientReference> REPOINTED = List.of(
            new PatientReference("Encounter", "subject"),
            new PatientReference("Condition", "subject"),
            new PatientReference("Procedure", "subject"),
            new PatientReference("Observation", "subject"),
            new PatientReference("DiagnosticReport", "subject"),
            new PatientReference("AllergyIntolerance", "patient"),
            new PatientReference("Coverage", "beneficiary"),
            new PatientReference("RelatedPerson", "patient"));
    /** Search page size while collecting a type's resources (every page is read). */
    static final int PAGE = 500;

    private final FhirSearch search;

    MergeRepoint(FhirSearch search) {
        this.search = search;
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
        for (PatientReference ref : REPOINTED) {
            SearchResult page = search.search(AccessContext.system(),
                    SearchRequest.of(ref.type(), ref.element() + "=" + loser + "&_count=" + PAGE));
            while (true) {
                for (Resource resource : page.matches()) {
                    Resource moved = resource.copy();
                    moved.getNamedProperty(ref.element()).getValues().clear();
                    moved.setProperty(ref.element(), new Reference(survivor.getReference()));
                    moved.setMeta(null);
                    String url = ref.type() + "/" + resource.getIdElement().getIdPart();
                    bundle.addEntry().setFullUrl(url).setResource(moved)
                            .getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
                }
                if (page.nextPageToken() == null) {
                    break;
                }
                page = search.page(AccessContext.system(), page.nextPageToken());
            }
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
