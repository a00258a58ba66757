package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.segment.ProblemMapper;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;

/**
 * PPR^PC1 (problem add), PC2 (update) and PC3 (delete): the patient and visit, each PRB as a problem-list
 * Condition (the action PRB-1 decides add, update or delete), NTE after it as its note.
 */
final class ProblemAssembler implements Assembler {

    @Override
    public void assemble(V2Message message, MessageContext context) throws MappingException {
        Participants participants = new Participants(context);
        Notes notes = new Notes(context);
        PatientVisit patient = new PatientVisit(message, context, participants, notes);
        ProblemMapper problems = new ProblemMapper(context);
        for (Segment segment : message.segments()) {
            if (patient.map(segment)) {
                continue;
            }
            switch (segment.id()) {
                case "PRB" -> notes.follow(problems.map(segment));
                case "NTE" -> notes.add(segment);
                default -> {
                    notes.follow(null);
                    Unmapped.segment(segment, context.issues());
                }
            }
        }
    }
}
