package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.segment.ReferralMapper;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * REF^I12 and REF^I14: the RF1 as a referral ServiceRequest with its providers (PRD) and reasons (DG1), the
 * patient and visit (PID, NK1, IN1, AL1, PR1, PV1), and the requested procedures (OBR, OBX, NTE) as orders.
 * RF1 and PRD come before PID in REF, so the patient is mapped first.
 */
final class ReferralAssembler implements Assembler {

    @Override
    public void assemble(V2Message message, MessageContext context) throws MappingException {
        Participants participants = new Participants(context);
        Notes notes = new Notes(context);
        PatientVisit patient = new PatientVisit(message, context, participants, notes);
        OrderSection orders = new OrderSection(message, context, participants, notes);
        ReferralMapper referrals = new ReferralMapper(context, participants);
        ServiceRequest referral = null;
        for (Segment segment : message.segments()) {
            if (patient.map(segment)) {
                Reference condition = patient.lastCondition();
                if (condition != null && referral != null) {
                    referral.addReasonReference(condition.copy());
                }
                continue;
            }
            switch (segment.id()) {
                case "RF1" -> {
                    if (referral != null) {
                        context.issues().addSegment(segment, "second referral in one message, not mapped");
                        continue;
                    }
                    Identifier key = referrals.key(segment);
                    referral = referrals.map(segment, key);
                    context.bundle().upsert(referral, key);
                    notes.follow(referral);
                }
                case "PRD" -> {
                    referrals.provider(segment, referral);
                    notes.follow(null);
                }
                default -> {
                    if (!orders.map(segment)) {
                        notes.follow(null);
                        Unmapped.segment(segment, context.issues());
                    }
                }
            }
        }
    }
}
