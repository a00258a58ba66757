package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;

/**
 * ORM^O01, OML^O21 and OMG^O19 (IG ORM_O01, OML_O21 maps): the patient and visit, then each order (ORC, OBR,
 * TQ1) as a ServiceRequest with its specimens (SPM), supporting observations (OBX), reasons (DG1) and notes.
 */
final class OrderAssembler implements Assembler {

    @Override
    public void assemble(V2Message message, MessageContext context) throws MappingException {
        Participants participants = new Participants(context);
        Notes notes = new Notes(context);
        PatientVisit patient = new PatientVisit(message, context, participants, notes);
        OrderSection orders = new OrderSection(message, context, participants, notes);
        for (Segment segment : message.segments()) {
            if (patient.map(segment)) {
                orders.reason(patient.lastCondition());
                continue;
            }
            if (orders.map(segment)) {
                continue;
            }
            notes.follow(null);
            Unmapped.segment(segment, context.issues());
        }
    }
}
