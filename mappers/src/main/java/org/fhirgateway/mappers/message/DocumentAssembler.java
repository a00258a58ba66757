package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.segment.DocumentMapper;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Identifier;

/**
 * MDM^T01, T02 (original), T05, T06 (addendum: appends to TXA-13), T09, T10 (replacement: replaces TXA-13)
 * (IG MDM_T02 map): the patient and visit, the order groups (ORC, TQ1, OBR, NTE) as ServiceRequests, the TXA
 * as a DocumentReference related to those orders, and the OBX after it as its content.
 */
final class DocumentAssembler implements Assembler {

    private final boolean replaces;

    DocumentAssembler(boolean replaces) {
        this.replaces = replaces;
    }

    @Override
    public void assemble(V2Message message, MessageContext context) throws MappingException {
        Participants participants = new Participants(context);
        Notes notes = new Notes(context);
        PatientVisit patient = new PatientVisit(message, context, participants, notes);
        OrderSection orders = new OrderSection(message, context, participants, notes);
        DocumentMapper documents = new DocumentMapper(context, participants);
        Segment txa = null;
        for (Segment segment : message.segments()) {
            if (patient.map(segment)) {
                orders.reason(patient.lastCondition());
                continue;
            }
            if (segment.id().equals("TXA") && txa == null) {
                txa = segment;
                Identifier key = documents.key(txa);
                DocumentReference document = documents.map(txa, key, replaces, orders.requests());
                context.bundle().upsert(document, key);
                notes.follow(null);
                continue;
            }
            if (txa != null && segment.id().equals("OBX")) {
                documents.content(segment);
                notes.follow(null);
                continue;
            }
            if (txa == null && orders.map(segment)) {
                continue;
            }
            if (segment.id().equals("NTE")) {
                notes.add(segment);
                continue;
            }
            notes.follow(null);
            Unmapped.segment(segment, context.issues());
        }
        if (txa == null) {
            throw new MappingException(MappingException.Code.REQUIRED_FIELD_MISSING, "TXA", null,
                    "the document message has no TXA segment");
        }
        documents.finish(txa);
    }
}
