package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingException.Code;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.Identifier;

/**
 * A47 (change patient identifier list): MRG-1 is the identifier that was wrong, PID-3 the right one. The Patient
 * entry is a conditional PUT on the prior identifier carrying the new identifiers, so the stored Patient changes
 * identifier and no twin is made; the store completes the rest (and a replay, when the prior identifier is gone,
 * lands on the new one: ingest {@code IdentifierChange}).
 */
final class IdentifierChangeAssembler implements Assembler {

    @Override
    public void assemble(V2Message message, MessageContext context) throws MappingException {
        Segment pid = message.first("PID");
        Segment mrg = message.first("MRG");
        if (pid == null) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "PID", null, "the message has no PID segment");
        }
        if (mrg == null) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "MRG", "MRG-1", "identifier change without MRG segment");
        }
        Identifier prior = context.types().identifiers().cx(mrg.first(1), mrg, 1);
        if (prior == null) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "MRG", "MRG-1",
                    "prior patient identifier is empty: nothing to change");
        }
        Participants participants = new Participants(context);
        PatientSection patient = new PatientSection(context, participants);
        patient.mapPidUnder(pid, prior);
        for (int field = 2; field <= mrg.fieldCount(); field++) {
            if (!mrg.isEmpty(field)) {
                context.issues().add(mrg, field, "identifier change (A47): only MRG-1 is read");
            }
        }
        for (Segment segment : message.segments()) {
            if (segment == pid || segment == mrg || AdtAssembler.isHeader(segment) || patient.mapPatientSegment(segment)) {
                continue;
            }
            Unmapped.segment(segment, context.issues());
        }
    }
}
