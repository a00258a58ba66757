package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingException.Code;
import org.fhirgateway.mappers.segment.AppointmentMapper;
import org.fhirgateway.mappers.segment.ConditionMapper;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.ObservationMapper;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;

/**
 * SIU^S12 to S17 and S26 (IG SIU_S12): the patient (PID, PD1), then one Appointment from SCH and TQ1 with a
 * participant per AIG, AIL and AIP of every resource group (RGS) and the services of AIS; every NTE joins the
 * Appointment's comment. DG1 and OBX of the patient group map as in ADT; the visit (PV1) is not mapped.
 */
final class ScheduleAssembler implements Assembler {

    @Override
    public void assemble(V2Message message, MessageContext context) throws MappingException {
        Participants participants = new Participants(context);
        PatientSection patient = new PatientSection(context, participants);
        patient.mapPid(message);
        Segment sch = message.first("SCH");
        if (sch == null) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "SCH", null, "the message has no SCH segment");
        }
        AppointmentMapper mapper = new AppointmentMapper(context, participants);
        Identifier key = mapper.key(sch);
        Appointment appointment = mapper.map(sch, message.first("TQ1"), key);
        ConditionMapper conditions = new ConditionMapper(context, participants);
        ObservationMapper observations = new ObservationMapper(context, participants);
        StringBuilder comment = new StringBuilder();
        Segment tq1 = message.first("TQ1");
        for (Segment segment : message.segments()) {
            if (segment == sch || segment == tq1 || AdtAssembler.isHeader(segment) || segment.id().equals("PID")
                    || segment.id().equals("RGS") || patient.mapPatientSegment(segment)) {
                continue;
            }
            switch (segment.id()) {
                case "AIS" -> mapper.service(appointment, segment);
                case "AIG" -> mapper.general(appointment, segment);
                case "AIL" -> mapper.location(appointment, segment);
                case "AIP" -> mapper.personnel(appointment, segment);
                case "NTE" -> note(comment, segment);
                case "DG1" -> conditions.map(segment, null);
                case "OBX" -> {
                    Observation observation = observations.map(segment, "", null);
                    if (observation != null) {
                        observations.add(observation, segment);
                    }
                }
                case "PV1", "PV2" -> context.issues().addSegment(segment, "schedule (SIU): visit segment not mapped");
                default -> Unmapped.segment(segment, context.issues());
            }
        }
        if (comment.length() > 0) {
            appointment.setComment(comment.toString());
        }
        if (!appointment.hasStart() && appointment.getStatus() != AppointmentStatus.CANCELLED
                && appointment.getStatus() != AppointmentStatus.WAITLIST) {
            // R4 (app-3) allows an appointment without start and end only when proposed, cancelled or waitlisted
            context.issues().addSegment(sch, "no start and end (TQ1-7/8, SCH-11, AIS-4): written as proposed");
            appointment.setStatus(AppointmentStatus.PROPOSED);
        }
        context.bundle().upsert(appointment, key);
    }

    private static void note(StringBuilder comment, Segment nte) {
        String text = nte.first(3).fullText().strip();
        if (!text.isEmpty()) {
            if (comment.length() > 0) {
                comment.append('\n');
            }
            comment.append(text);
        }
    }
}
