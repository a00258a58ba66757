package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.NoteMapper;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;

/** Attaches NTE segments to the resource mapped from the segment they follow, when it can hold notes. */
final class Notes {

    private final MessageContext context;
    private Object current;

    Notes(MessageContext context) {
        this.context = context;
    }

    /** The resource (or entry reference) that following NTE segments belong to; null when none. */
    void follow(Object resource) {
        this.current = resource;
    }

    void add(Segment nte) {
        Annotation note = NoteMapper.note(nte);
        if (note == null) {
            return;
        }
        if (current instanceof Observation observation) {
            observation.addNote(note);
        } else if (current instanceof Condition condition) {
            condition.addNote(note);
        } else if (current instanceof Procedure procedure) {
            procedure.addNote(note);
        } else if (current instanceof AllergyIntolerance allergy) {
            allergy.addNote(note);
        } else if (current instanceof org.hl7.fhir.r4.model.ServiceRequest request) {
            request.addNote(note);
        } else if (current instanceof org.hl7.fhir.r4.model.Specimen specimen) {
            specimen.addNote(note);
        } else if (current instanceof org.hl7.fhir.r4.model.Immunization immunization) {
            immunization.addNote(note);
        } else if (current instanceof org.hl7.fhir.r4.model.MedicationRequest medication) {
            medication.addNote(note);
        } else if (current instanceof org.hl7.fhir.r4.model.MedicationDispense dispense) {
            dispense.addNote(note);
        } else {
            context.issues().addSegment(nte, "note does not follow a segment whose resource holds notes, not mapped");
        }
    }
}
