package org.fhirgateway.mappers.message;

import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingException.Code;
import org.fhirgateway.mappers.segment.EncounterMapper;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.ObservationMapper;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/**
 * A17 (swap patients): two PID/PV1 pairs, each PV1-3 the bed its patient holds before the swap. Each Encounter moves,
 * at the event time, to the other's PV1-3 and leaves its own, as a transfer does. The context's patient (the
 * ordering key) is the first; the ingest holds the second patient's lane too.
 */
final class SwapAssembler implements Assembler {

    @Override
    public void assemble(V2Message message, MessageContext context) throws MappingException {
        List<Segment> before = new ArrayList<>();
        List<PatientGroups.Group> groups = PatientGroups.of(message, before);
        before.forEach(segment -> Unmapped.segment(segment, context.issues()));
        if (groups.size() != 2 || groups.get(0).first("PV1") == null || groups.get(1).first("PV1") == null) {
            throw new MappingException(Code.MALFORMED, "PID", null, "a swap (A17) needs two PID segments, each with a PV1");
        }
        Participants participants = new Participants(context);
        DateTimeType eventTime = AdtAssembler.eventTime(message, context);
        Reference firstPatient = null;
        Identifier firstKey = null;
        for (int i = 0; i < 2; i++) {
            PatientGroups.Group group = groups.get(i);
            Segment partner = groups.get(1 - i).first("PV1");
            PatientSection patient = new PatientSection(context, participants);
            patient.mapPid(group.pid());
            if (firstPatient == null) {
                firstPatient = context.patient();
                firstKey = patient.key(group.pid());
            }
            Segment pv1 = group.first("PV1");
            EncounterMapper mapper = new EncounterMapper(context, participants);
            Identifier key = mapper.key(pv1);
            context.encounter(context.bundle().referenceTo("Encounter", key), key);
            Encounter encounter = mapper.mapSwapped(pv1, group.first("PV2"), partner, key, eventTime);
            context.bundle().upsert(encounter, key);
            ObservationMapper observations = new ObservationMapper(context, participants);
            for (Segment segment : group.segments()) {
                if (segment == group.pid() || segment == pv1 || segment.id().equals("PV2")
                        || patient.mapPatientSegment(segment)) {
                    continue;
                }
                if (segment.id().equals("OBX")) {
                    Observation observation = observations.map(segment, context.encounterKey(), null);
                    if (observation != null) {
                        observations.add(observation, segment);
                    }
                } else {
                    Unmapped.segment(segment, context.issues());
                }
            }
        }
        context.patient(firstPatient, firstKey);
    }
}
