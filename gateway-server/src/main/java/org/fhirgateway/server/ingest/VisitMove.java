package org.fhirgateway.server.ingest;

import java.util.List;
import org.fhirgateway.server.search.FhirSearch;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A45 (move visit) at apply time: the mapped Encounter already names its new patient; this adds to the same
 * transaction every stored resource of that visit (conditions, procedures, observations and reports found by their
 * {@code encounter}) with its patient reference pointed at the new patient, so the visit moves whole. A visit
 * that is not stored yet is simply written under the new patient. Runs in the new patient's lane, holding the prior
 * patient's (MRG-1) lease as well when the message names it. The stored visit's Encounter is written by its id: a
 * move is one of the two ways (with an A40 merge) a record changes patient; a conditional write by the visit number
 * that would do so is a business-key conflict (store.BusinessKeyConflictException).
 */
final class VisitMove {

    static final String EVENT = "ADT^A45";

    private final FhirSearch search;
    private final StoredRecords records;

    VisitMove(FhirSearch search) {
        this.search = search;
        this.records = new StoredRecords(search);
    }

    void complete(Bundle bundle) {
        if (!EVENT.equals(StoredRecords.messageType(bundle))) {
            return;
        }
        for (Bundle.BundleEntryComponent entry : List.copyOf(bundle.getEntry())) {
            if (entry.getResource() instanceof Encounter moved && entry.getRequest().getUrl().contains("?")) {
                ApplyMerge.storedMatch(search, entry.getRequest().getUrl()).ifPresent(stored -> {
                    // by id: a conditional write by the visit number would be refused as moving it to another patient
                    entry.getRequest().setUrl("Encounter/" + stored.getIdElement().getIdPart());
                    moveVisitRecord(bundle, stored, moved.getSubject());
                });
            }
        }
    }

    private void moveVisitRecord(Bundle bundle, Resource visit, Reference newPatient) {
        String encounter = "Encounter/" + visit.getIdElement().getIdPart();
        for (StoredRecords.PatientReference ref : StoredRecords.VISIT_RECORD) {
            records.each(ref.type(), "encounter", encounter, resource -> {
                Resource moved = resource.copy();
                moved.getNamedProperty(ref.element()).getValues().clear();
                moved.setProperty(ref.element(), new Reference(newPatient.getReference()));
                StoredRecords.put(bundle, resource, moved);
            });
        }
    }
}
