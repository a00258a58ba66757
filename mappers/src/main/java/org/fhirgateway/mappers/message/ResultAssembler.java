package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.segment.EncounterMapper;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.ObservationMapper;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.segment.ReportMapper;
import org.fhirgateway.mappers.segment.VisitEvent;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;

/**
 * ORU^R01: the first patient (PID, PD1, NK1, PV1; the patient group is optional), then each OBR as a DiagnosticReport with the OBX that
 * follow it as its results, NTE after an OBX as the observation's note. Segments of a second patient group
 * are reported, never attached to the first patient.
 */
final class ResultAssembler implements Assembler {

    /**
     * The issue of an ORU^R01 without its optional patient group: the IG maps the results all the same, and R4
     * makes the subject optional (the work list's {@code no-patient}).
     */
    static final String NO_PATIENT = "no patient: the message has no PID segment, its results are stored without"
            + " a subject";

    @Override
    public void assemble(V2Message message, MessageContext context) throws MappingException {
        Participants participants = new Participants(context);
        PatientSection patient = new PatientSection(context, participants);
        Segment pid = message.first("PID");
        if (pid != null) {
            patient.mapPid(pid);
        } else {
            context.issues().addMessage(NO_PATIENT);
        }
        Segment pv1 = message.first("PV1");
        if (pv1 != null) {
            encounter(pv1, message.first("PV2"), context, participants);
        }
        Results results = new Results(context, participants);
        boolean otherPatient = false;
        for (Segment segment : message.segments()) {
            if (segment.id().equals("PID") && segment != pid) {
                otherPatient = true;
            }
            if (otherPatient) {
                context.issues().addSegment(segment, "belongs to a second patient in one message, not mapped");
                continue;
            }
            if (segment == pid || segment == pv1 || AdtAssembler.isHeader(segment)
                    || segment.id().equals("PV2") || patient.mapPatientSegment(segment) || results.map(segment)) {
                continue;
            }
            Unmapped.segment(segment, context.issues());
        }
    }

    private static void encounter(Segment pv1, Segment pv2, MessageContext context, Participants participants) {
        EncounterMapper mapper = new EncounterMapper(context, participants);
        Identifier key = mapper.key(pv1);
        context.encounter(context.bundle().referenceTo("Encounter", key), key);
        Encounter encounter = mapper.map(pv1, pv2, VisitEvent.ADMIT_OR_UPDATE, key);
        context.bundle().upsert(encounter, key);
    }

    /** OBR, OBX and NTE. */
    private static final class Results {
        private final MessageContext context;
        private final ReportMapper reports;
        private final ObservationMapper observations;
        private final Notes notes;
        private DiagnosticReport report;
        private String reportScope;

        Results(MessageContext context, Participants participants) {
            this.context = context;
            this.reports = new ReportMapper(context);
            this.observations = new ObservationMapper(context, participants);
            this.notes = new Notes(context);
        }

        boolean map(Segment segment) throws MappingException {
            switch (segment.id()) {
                case "OBR" -> {
                    Identifier key = reports.key(segment);
                    report = reports.map(segment, key);
                    reportScope = key.getSystem() + "|" + key.getValue();
                    context.bundle().upsert(report, key);
                    notes.follow(report);
                }
                case "OBX" -> observation(segment);
                case "NTE" -> notes.add(segment);
                default -> {
                    notes.follow(null);
                    return false;
                }
            }
            return true;
        }

        private void observation(Segment obx) {
            String scope = report == null ? context.encounterKey() : reportScope;
            DateTimeType time = report != null && report.hasEffectiveDateTimeType()
                    ? report.getEffectiveDateTimeType() : null;
            Observation observation = observations.map(obx, scope, time);
            if (observation != null) {
                org.hl7.fhir.r4.model.Reference reference = observations.add(observation, obx);
                if (report != null && reference != null) {
                    report.addResult(reference);
                }
            }
            notes.follow(observation);
        }
    }
}
