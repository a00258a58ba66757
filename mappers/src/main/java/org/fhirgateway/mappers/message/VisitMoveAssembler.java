package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingException.Code;
import org.fhirgateway.mappers.segment.EncounterMapper;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.segment.VisitEvent;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;

/**
 * A45 (move visit information): the visit PV1 (MRG-5, the prior visit number, when sent, else PV1-19) belongs to
 * the PID patient from now on; MRG-1 names the patient it was filed under. The Encounter entry carries the new
 * subject; the store moves the visit's resources with it (ingest {@code VisitMove}).
 */
final class VisitMoveAssembler implements Assembler {

    @Override
    public void assemble(V2Message message, MessageContext context) throws MappingException {
        Participants participants = new Participants(context);
        PatientSection patient = new PatientSection(context, participants);
        patient.mapPid(message);
        Segment mrg = message.first("MRG");
        Segment pv1 = message.first("PV1");
        if (mrg == null) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "MRG", null, "visit move without MRG segment");
        }
        if (pv1 == null) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "PV1", null, "visit move without PV1 segment");
        }
        EncounterMapper mapper = new EncounterMapper(context, participants);
        Identifier key = mapper.key(pv1);
        Identifier prior = context.types().identifiers().cx(mrg.first(5), mrg, 5);
        Identifier entryKey = prior != null ? prior : key;
        context.encounter(context.bundle().referenceTo("Encounter", entryKey), entryKey);
        Encounter encounter = mapper.map(pv1, message.first("PV2"), VisitEvent.ADMIT_OR_UPDATE, key,
                AdtAssembler.eventTime(message, context));
        context.bundle().upsert(encounter, entryKey);
        for (int field : new int[] {2, 3, 4, 6, 7}) {
            if (!mrg.isEmpty(field)) {
                context.issues().add(mrg, field, "visit move (A45): MRG-1 and MRG-5 are read");
            }
        }
        for (Segment segment : message.segments()) {
            if (segment == mrg || segment == pv1 || segment.id().equals("PID") || segment.id().equals("PV2")
                    || AdtAssembler.isHeader(segment) || patient.mapPatientSegment(segment)) {
                continue;
            }
            Unmapped.segment(segment, context.issues());
        }
    }
}
