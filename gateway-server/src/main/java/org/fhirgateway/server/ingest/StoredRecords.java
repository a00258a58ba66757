package org.fhirgateway.server.ingest;

import java.util.List;
import java.util.function.Consumer;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.FhirSearch;
import org.fhirgateway.server.search.SearchRequest;
import org.fhirgateway.server.search.SearchResult;
import org.fhirgateway.server.store.ServedTypes;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The stored resources of one patient (or one visit) that the ingest rewrites for an ADT event (A40 merge, A45 move,
 * A29 delete person), read as the gateway through the search, every page; and the PUT-by-id entry that rewrites one.
 */
final class StoredRecords {

    /**
     * A resource type that points at its patient, and the element holding the reference; the type's search parameter
     * of that name indexes it.
     */
    record PatientReference(String type, String element) {
    }

    /** The types of a patient's record (store.ServedTypes), each with its patient element. */
    static final List<PatientReference> PATIENT_RECORD = ServedTypes.patientRecord().stream()
            .map(t -> new PatientReference(t.name(), t.patientElement())).toList();

    /**
     * The types that point at a visit with an {@code encounter} element (searched by the R4 parameter of that name;
     * AllergyIntolerance has none, an allergy belongs to the patient, not the visit).
     */
    static final List<PatientReference> VISIT_RECORD = ServedTypes.visitRecord().stream()
            .map(t -> new PatientReference(t.name(), t.patientElement())).toList();

    /** Search page size while collecting a type's resources (every page is read). */
    static final int PAGE = 500;

    private final FhirSearch search;

    StoredRecords(FhirSearch search) {
        this.search = search;
    }

    /** Every stored resource of {@code type} matching {@code parameter=value}, page by page. */
    void each(String type, String parameter, String value, Consumer<Resource> action) {
        SearchResult page = search.search(AccessContext.system(),
                SearchRequest.of(type, parameter + "=" + value + "&_count=" + PAGE));
        while (true) {
            page.matches().forEach(action);
            if (page.nextPageToken() == null) {
                return;
            }
            page = search.page(AccessContext.system(), page.nextPageToken());
        }
    }

    /** Adds {@code changed} (a copy of a stored resource) to the bundle as {@code PUT Type/id}. */
    static void put(Bundle bundle, Resource stored, Resource changed) {
        changed.setMeta(null);
        String url = stored.fhirType() + "/" + stored.getIdElement().getIdPart();
        bundle.addEntry().setFullUrl(url).setResource(changed).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
    }

    /** The v2 message type the mappers tagged the bundle with (e.g. ADT^A45), or "". */
    static String messageType(Bundle bundle) {
        return bundle.getMeta().getTag().stream()
                .filter(t -> org.fhirgateway.mappers.message.MessageAssembly.EVENT_TAG_SYSTEM.equals(t.getSystem()))
                .map(org.hl7.fhir.r4.model.Coding::getCode).findFirst().orElse("");
    }
}
