package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.segment.ImmunizationMapper;
import org.fhirgateway.mappers.segment.ImmunizationObservations;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.ObservationMapper;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/**
 * VXU^V04 (IG VXU_V04 map): the patient section (PID, PD1, NK1, PV1, IN1), the patient's own OBX as
 * Observations, then each order group (ORC, TQ1, RXA, RXR, OBX) as an Immunization; the OBX of a dose go into
 * it where the CDC guide says so ({@link ImmunizationObservations}), the others are Observations partOf it.
 */
final class VaccinationAssembler implements Assembler {

    @Override
    public void assemble(V2Message message, MessageContext context) throws MappingException {
        Participants participants = new Participants(context);
        Notes notes = new Notes(context);
        PatientVisit patient = new PatientVisit(message, context, participants, notes);
        ImmunizationMapper immunizations = new ImmunizationMapper(context, participants);
        ImmunizationObservations elements = new ImmunizationObservations(context);
        ObservationMapper observations = new ObservationMapper(context, participants);
        Segment orc = null;
        Immunization immunization = null;
        Reference reference = null;
        String scope = context.encounterKey();
        for (Segment segment : message.segments()) {
            if (patient.map(segment)) {
                continue;
            }
            switch (segment.id()) {
                case "ORC" -> {
                    elements.follow(null);
                    immunization = null;
                    orc = segment;
                    notes.follow(null);
                }
                case "RXA" -> {
                    Identifier key = immunizations.key(orc, segment);
                    immunization = immunizations.map(orc, segment, key);
                    orc = null;
                    reference = immunization == null ? null : context.bundle().upsert(immunization, key);
                    scope = key.getSystem() + "|" + key.getValue();
                    elements.follow(immunization);
                    notes.follow(immunization);
                }
                case "RXR" -> {
                    if (immunization == null) {
                        context.issues().addSegment(segment, "route without an administration (RXA), not mapped");
                    } else {
                        immunizations.route(segment, immunization);
                    }
                }
                case "OBX" -> {
                    if (elements.map(segment)) {
                        notes.follow(null);
                        continue;
                    }
                    Observation observation = observations.map(segment, scope, null);
                    if (observation != null) {
                        if (reference != null) {
                            observation.addPartOf(reference.copy());
                        }
                        observations.add(observation, segment);
                    }
                    notes.follow(observation);
                }
                case "NTE" -> notes.add(segment);
                default -> {
                    notes.follow(null);
                    Unmapped.segment(segment, context.issues());
                }
            }
        }
        elements.follow(null);
    }
}
