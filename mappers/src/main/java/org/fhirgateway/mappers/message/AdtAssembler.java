package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.segment.AdverseReactionMapper;
import org.fhirgateway.mappers.segment.AllergyMapper;
import org.fhirgateway.mappers.segment.ConditionMapper;
import org.fhirgateway.mappers.segment.CoverageMapper;
import org.fhirgateway.mappers.segment.EncounterMapper;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.ObservationMapper;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.segment.ProcedureMapper;
import org.fhirgateway.mappers.segment.VisitEvent;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;

/**
 * ADT events with a visit (A01 to A16, A21 to A27, A60) and the person-only events (A28, A29, A31; visit == null):
 * Patient, Encounter, then the clinical segments in message order, each NTE attached to the resource before it.
 * A29 (delete person information) writes the Patient inactive; the store marks the rest of the record.
 */
final class AdtAssembler implements Assembler {

    private final VisitEvent visit;
    private final boolean personDeleted;

    /** @param visit what the event does to the visit, or null for person-only events */
    AdtAssembler(VisitEvent visit) {
        this(visit, false);
    }

    /** @param personDeleted A29: the person's information was deleted at the sender */
    AdtAssembler(VisitEvent visit, boolean personDeleted) {
        this.visit = visit;
        this.personDeleted = personDeleted;
    }

    @Override
    public void assemble(V2Message message, MessageContext context) throws MappingException {
        Participants participants = new Participants(context);
        PatientSection patient = new PatientSection(context, participants);
        org.hl7.fhir.r4.model.Patient person = patient.mapPid(message);
        if (personDeleted) {
            person.setActive(false);
        }
        Encounter encounter = visit == null ? null : encounter(message, context, participants);
        Clinical clinical = new Clinical(context, participants, encounter);
        Segment pid = message.first("PID");
        for (Segment segment : message.segments()) {
            if (segment == pid || isHeader(segment) || patient.mapPatientSegment(segment)
                    || clinical.map(segment)) {
                continue;
            }
            if (segment.id().equals("PV1") || segment.id().equals("PV2")) {
                if (visit == null) {
                    context.issues().addSegment(segment, "person-only event: visit segment not mapped");
                }
                continue;
            }
            Unmapped.segment(segment, context.issues());
        }
    }

    private Encounter encounter(V2Message message, MessageContext context, Participants participants) {
        Segment pv1 = message.first("PV1");
        if (pv1 == null) {
            return null; // A01 without PV1 is malformed in v2, but the patient part still maps
        }
        EncounterMapper mapper = new EncounterMapper(context, participants);
        Identifier key = mapper.key(pv1);
        context.encounter(context.bundle().referenceTo("Encounter", key), key);
        Encounter encounter = mapper.map(pv1, message.first("PV2"), visit, key, eventTime(message, context));
        context.bundle().upsert(encounter, key);
        return encounter;
    }

    /** When the event happened: EVN-6 (event occurred), else EVN-2 (recorded), else MSH-7 (the message time). */
    static org.hl7.fhir.r4.model.DateTimeType eventTime(V2Message message, MessageContext context) {
        Segment evn = message.first("EVN");
        org.hl7.fhir.r4.model.DateTimeType time = null;
        if (evn != null) {
            time = context.types().times().dateTime(evn, 6);
            if (time == null) {
                time = context.types().times().dateTime(evn, 2);
            }
        }
        return time != null ? time : context.types().times().dateTime(message.msh(), 7);
    }

    static boolean isHeader(Segment segment) {
        return segment.id().equals("MSH") || segment.id().equals("EVN");
    }

    /** DG1, PR1, AL1, IAM, IN1, OBX and NTE of an ADT message. */
    private static final class Clinical {
        private final MessageContext context;
        private final Encounter encounter;
        private final ConditionMapper conditions;
        private final ProcedureMapper procedures;
        private final AllergyMapper allergies;
        private final AdverseReactionMapper reactions;
        private final CoverageMapper coverages;
        private final ObservationMapper observations;
        private final Notes notes;

        Clinical(MessageContext context, Participants participants, Encounter encounter) {
            this.context = context;
            this.encounter = encounter;
            this.conditions = new ConditionMapper(context, participants);
            this.procedures = new ProcedureMapper(context, participants);
            this.allergies = new AllergyMapper(context);
            this.reactions = new AdverseReactionMapper(context, participants);
            this.coverages = new CoverageMapper(context);
            this.observations = new ObservationMapper(context, participants);
            this.notes = new Notes(context);
        }

        boolean map(Segment segment) {
            switch (segment.id()) {
                case "DG1" -> notes.follow(conditions.map(segment, encounter));
                case "PR1" -> notes.follow(procedures.map(segment));
                case "AL1" -> notes.follow(allergies.map(segment));
                case "IAM" -> notes.follow(reactions.map(segment));
                case "IN1" -> notes.follow(coverages.map(segment));
                case "OBX" -> {
                    Observation observation = observations.map(segment, context.encounterKey(), null);
                    if (observation != null) {
                        observations.add(observation, segment);
                    }
                    notes.follow(observation);
                }
                case "NTE" -> notes.add(segment);
                default -> {
                    notes.follow(null);
                    return false;
                }
            }
            return true;
        }
    }
}
