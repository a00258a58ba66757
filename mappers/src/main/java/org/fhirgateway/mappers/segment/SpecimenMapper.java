package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Specimen;
import org.hl7.fhir.r4.model.Specimen.SpecimenStatus;

/**
 * SPM to Specimen (IG SPM[Specimen]): identifiers (SPM-2 placer and filler, SPM-30 accession, SPM-31), type,
 * collection (method, body site, amount, time), received time, availability, condition, container, note.
 * Keyed by the filler, else the placer specimen id, else a gateway key of patient, order, type and time.
 */
public final class SpecimenMapper {

    private static final int[] MAPPED = {1, 2, 3, 4, 6, 7, 8, 12, 14, 17, 18, 20, 24, 27, 30, 31};

    private final MessageContext context;
    private final DataTypes types;
    private final TimingMapper quantities;

    public SpecimenMapper(MessageContext context, TimingMapper quantities) {
        this.context = context;
        this.types = context.types();
        this.quantities = quantities;
    }

    /** The key: the filler specimen id, else the placer's, else the accession id, else a gateway key. */
    public Identifier key(Segment spm, String orderScope) {
        Composite id = spm.first(2);
        Identifier key = types.identifiers().ei(id.part(2));
        if (key == null) {
            key = types.identifiers().ei(id.part(1));
        }
        if (key == null) {
            key = types.identifiers().cx(spm.first(30), spm, 30);
        }
        if (key == null) {
            CodeableConcept type = types.codes().cwe(spm, 4);
            key = Keys.of("Specimen", context.patientKey(), orderScope,
                    type == null ? "" : ConditionMapper.codeKey(type), spm.first(17).part(1).text(1));
        }
        return key;
    }

    /** Maps the SPM and adds it under {@code key}; {@code request} is the order it was taken for (or null). */
    public Reference map(Segment spm, Identifier key, Reference request) {
        Composite id = spm.first(2);
        Identifier placer = types.identifiers().ei(id.part(1));
        Identifier filler = types.identifiers().ei(id.part(2));
        Identifier accession = types.identifiers().cx(spm.first(30), spm, 30);
        CodeableConcept type = types.codes().cwe(spm, 4);
        Specimen specimen = new Specimen();
        if (placer != null) {
            specimen.addIdentifier(OrderMapper.typed(placer, "PLAC", "Placer Identifier"));
        }
        if (filler != null) {
            specimen.addIdentifier(OrderMapper.typed(filler, "FILL", "Filler Identifier"));
        }
        if (placer == null && filler == null) {
            specimen.addIdentifier(key.copy());
        }
        for (Composite other : spm.repetitions(31)) {
            Identifier identifier = types.identifiers().cx(other, spm, 31);
            if (identifier != null) {
                specimen.addIdentifier(identifier);
            }
        }
        if (accession != null) {
            specimen.setAccessionIdentifier(accession);
        }
        for (Composite parent : spm.repetitions(3)) {
            Identifier parentId = types.identifiers().ei(parent.part(2));
            if (parentId == null) {
                parentId = types.identifiers().ei(parent.part(1));
            }
            if (parentId != null) {
                specimen.addParent(new Reference().setType("Specimen").setIdentifier(parentId));
            }
        }
        if (type != null) {
            specimen.setType(type);
        }
        specimen.setSubject(context.patient());
        if (request != null) {
            specimen.addRequest(request);
        }
        collection(spm, specimen);
        DateTimeType received = types.times().dateTime(spm, 18);
        if (received != null) {
            specimen.setReceivedTimeElement(received);
        }
        String available = spm.text(20);
        if (available.equals("Y")) {
            specimen.setStatus(SpecimenStatus.AVAILABLE);
        } else if (available.equals("N")) {
            specimen.setStatus(SpecimenStatus.UNAVAILABLE);
        } else if (!available.isEmpty()) {
            context.issues().add(spm, 20, "availability '" + available + "' is not Y or N, not mapped");
        }
        for (Composite condition : spm.repetitions(24)) {
            CodeableConcept concept = types.codes().cwe(condition, spm, 24);
            if (concept != null) {
                specimen.addCondition(concept);
            }
        }
        container(spm, specimen);
        String description = spm.first(14).fullText().strip();
        if (!description.isEmpty()) {
            specimen.addNote(new Annotation().setText(description));
        }
        FieldCoverage.reportUnmapped(spm, MAPPED, context.issues());
        return context.bundle().upsert(specimen, key);
    }

    private void collection(Segment spm, Specimen specimen) {
        Specimen.SpecimenCollectionComponent collection = new Specimen.SpecimenCollectionComponent();
        CodeableConcept method = types.codes().cwe(spm, 7);
        if (method != null) {
            collection.setMethod(method);
        }
        CodeableConcept site = types.codes().cwe(spm, 8);
        if (site != null) {
            collection.setBodySite(site);
        }
        Quantity amount = quantities.quantity(spm.first(12), spm, 12);
        if (amount != null) {
            collection.setQuantity(amount);
        }
        Composite time = spm.first(17);
        String end = time.part(2).text(1);
        if (end.isEmpty()) {
            DateTimeType collected = types.times().dateTime(time.part(1).text(1), spm, 17);
            if (collected != null) {
                collection.setCollected(collected);
            }
        } else {
            Period period = types.times().period(time.part(1).text(1), end, spm, 17);
            if (period != null) {
                collection.setCollected(period);
            }
        }
        if (!collection.isEmpty()) {
            specimen.setCollection(collection);
        }
    }

    private void container(Segment spm, Specimen specimen) {
        Specimen.SpecimenContainerComponent container = new Specimen.SpecimenContainerComponent();
        CodeableConcept additive = types.codes().cwe(spm, 6);
        if (additive != null) {
            container.setAdditive(additive);
        }
        CodeableConcept type = types.codes().cwe(spm, 27);
        if (type != null) {
            container.setType(type);
        }
        if (!container.isEmpty()) {
            specimen.addContainer(container);
        }
    }
}
