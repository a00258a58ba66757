package org.fhirgateway.server.ingest;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.FhirContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.fhirgateway.mappers.ExplicitNull;
import org.fhirgateway.mappers.MappingResult;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.FhirSearch;
import org.fhirgateway.server.search.SearchRequest;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * Merge at apply time: a v2 update (A08, A02, ...) carries only what the sender has now, and a PUT would drop the
 * rest. Before the transaction, each conditional PUT of a merged type is completed from the stored resource:
 * top-level elements the message did not send are kept, unless the sender cleared them with {@code ""} (explicit
 * null); an Encounter keeps its earlier locations (marked completed) so transfers leave a location history.
 * Runs in the patient's lane, so no other message of that patient changes these resources meanwhile.
 */
final class ApplyMerge {

    private static final Set<String> MERGED = Set.of("Patient", "Encounter");

    private final FhirSearch search;
    private final FhirContext fhir;
    private final DemographicsGapFill gapFill;

    ApplyMerge(FhirSearch search, FhirContext fhir, DemographicsGapFill gapFill) {
        this.search = search;
        this.fhir = fhir;
        this.gapFill = gapFill;
    }

    void complete(MappingResult result) {
        Bundle bundle = result.bundle();
        boolean fillGapsOnly = !gapFill.ownsDemographics(StoredRecords.messageType(bundle), result.source());
        Map<String, String> criteriaByFullUrl = new HashMap<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            criteriaByFullUrl.put(entry.getFullUrl(), entry.getRequest().getUrl());
        }
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource incoming = entry.getResource();
            if (incoming == null || entry.getRequest().getMethod() != Bundle.HTTPVerb.PUT
                    || !MERGED.contains(incoming.fhirType())) {
                continue;
            }
            Optional<Resource> current = current(entry.getRequest().getUrl());
            if (current.isEmpty()) {
                continue;
            }
            Set<String> cleared = result.explicitNulls().stream().filter(n -> entry.getFullUrl().equals(n.fullUrl()))
                    .map(ExplicitNull::element).collect(Collectors.toSet());
            keepUnsent(current.get(), incoming, cleared);
            if (fillGapsOnly && incoming instanceof Patient patient) {
                DemographicsGapFill.keepStored((Patient) current.get(), patient);
            }
            if (incoming instanceof Encounter encounter) {
                keepLocationHistory((Encounter) current.get(), encounter, criteriaByFullUrl);
            }
        }
    }

    private Optional<Resource> current(String url) {
        return storedMatch(search, url);
    }

    /**
     * The one stored resource a conditional URL ({@code Patient?identifier=sys|val}) matches; empty for a plain
     * reference, no match or several (also used by {@link MergeRepoint}).
     */
    static Optional<Resource> storedMatch(FhirSearch search, String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return Optional.empty();
        }
        List<Resource> matches = search.search(AccessContext.system(), SearchRequest.of(url.substring(0, q), url.substring(q + 1))).matches();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    private void keepUnsent(Resource current, Resource incoming, Set<String> cleared) {
        BaseRuntimeElementCompositeDefinition<?> def = fhir.getResourceDefinition(incoming);
        for (BaseRuntimeChildDefinition child : def.getChildren()) {
            String name = child.getElementName();
            if (name.equals("id") || name.equals("meta") || name.equals("text")
                    || cleared.contains(incoming.fhirType() + "." + name)) {
                continue;
            }
            List<IBase> sent = child.getAccessor().getValues(incoming);
            List<IBase> stored = child.getAccessor().getValues(current);
            if (sent.isEmpty() && !stored.isEmpty()) {
                stored.forEach(value -> child.getMutator().addValue(incoming, value));
            }
        }
    }

    /**
     * Earlier locations that the message does not name again stay, as completed; a planned one (a pending admit or
     * transfer, PV1-42) that is not named again is no longer planned and is dropped (A26, A27, or the update after).
     */
    private void keepLocationHistory(Encounter current, Encounter incoming, Map<String, String> criteriaByFullUrl) {
        Set<String> named = incoming.getLocation().stream()
                .map(l -> criteriaByFullUrl.getOrDefault(l.getLocation().getReference(), l.getLocation().getReference()))
                .map(this::currentId).collect(Collectors.toSet());
        int position = 0;
        for (Encounter.EncounterLocationComponent earlier : current.getLocation()) {
            if (earlier.getStatus() == Encounter.EncounterLocationStatus.PLANNED) {
                continue;
            }
            if (!named.contains(earlier.getLocation().getReferenceElement().toUnqualifiedVersionless().getValue())) {
                Encounter.EncounterLocationComponent kept = earlier.copy();
                kept.setStatus(Encounter.EncounterLocationStatus.COMPLETED);
                incoming.getLocation().add(position++, kept);
            }
        }
    }

    private String currentId(String criteriaOrReference) {
        return current(criteriaOrReference).map(r -> r.fhirType() + "/" + r.getIdElement().getIdPart()).orElse(criteriaOrReference);
    }
}
