package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.segment.AllergyMapper;
import org.fhirgateway.mappers.segment.ConditionMapper;
import org.fhirgateway.mappers.segment.CoverageMapper;
import org.fhirgateway.mappers.segment.EncounterMapper;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.segment.ProcedureMapper;
import org.fhirgateway.mappers.segment.VisitEvent;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * The patient and visit part of the order, immunisation, document, pharmacy, referral and problem messages:
 * the first PID (with PD1, NK1, CON), the first PV1/PV2 as the Encounter (updated, never admitted or
 * discharged: these messages do not move the patient), and the clinical segments AL1, DG1, PR1 and IN1 as in
 * ADT. Segments after a second PID are reported, never attached to the first patient.
 */
final class PatientVisit {

    private final MessageContext context;
    private final PatientSection patient;
    private final Segment pid;
    private final Segment pv1;
    private final ConditionMapper conditions;
    private final ProcedureMapper procedures;
    private final AllergyMapper allergies;
    private final CoverageMapper coverages;
    private final Notes notes;
    private boolean secondPatient;
    private Reference lastCondition;

    PatientVisit(V2Message message, MessageContext context, Participants participants, Notes notes)
            throws MappingException {
        this.context = context;
        this.notes = notes;
        this.patient = new PatientSection(context, participants);
        this.pid = message.first("PID");
        patient.mapPid(message);
        this.pv1 = message.first("PV1");
        if (pv1 != null) {
            EncounterMapper mapper = new EncounterMapper(context, participants);
            Identifier key = mapper.key(pv1);
            context.encounter(context.bundle().referenceTo("Encounter", key), key);
            Encounter encounter = mapper.map(pv1, message.first("PV2"), VisitEvent.ADMIT_OR_UPDATE, key);
            context.bundle().upsert(encounter, key);
        }
        this.conditions = new ConditionMapper(context, participants);
        this.procedures = new ProcedureMapper(context, participants);
        this.allergies = new AllergyMapper(context);
        this.coverages = new CoverageMapper(context);
    }

    /**
     * Whether the segment is part of the patient or visit (mapped here, or the header); true also for every
     * segment of a second patient (reported here).
     */
    boolean map(Segment segment) {
        lastCondition = null;
        if (segment.id().equals("PID") && segment != pid) {
            secondPatient = true;
        }
        if (secondPatient) {
            context.issues().addSegment(segment, "belongs to a second patient in one message, not mapped");
            return true;
        }
        if (segment == pid || AdtAssembler.isHeader(segment)) {
            return true;
        }
        if (segment == pv1 || (segment.id().equals("PV2") && pv1 != null && segment.index() == 1)) {
            notes.follow(null);
            return true;
        }
        switch (segment.id()) {
            case "PD1", "NK1", "CON" -> {
                notes.follow(null);
                return patient.mapPatientSegment(segment);
            }
            case "AL1" -> notes.follow(allergies.map(segment));
            case "PR1" -> notes.follow(procedures.map(segment));
            case "IN1" -> notes.follow(coverages.map(segment));
            case "DG1" -> {
                Condition condition = conditions.map(segment, null);
                notes.follow(condition);
                if (condition != null) {
                    lastCondition = context.bundle().referenceTo("Condition", condition.getIdentifierFirstRep());
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The Condition the segment just mapped was (a DG1), else null: an order's reason. */
    Reference lastCondition() {
        return lastCondition;
    }
}
