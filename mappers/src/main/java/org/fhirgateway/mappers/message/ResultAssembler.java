package org.fhirgateway.mappers.message;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.segment.EncounterMapper;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.ObservationMapper;
import org.fhirgateway.mappers.segment.OrderMapper;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.segment.ReportMapper;
import org.fhirgateway.mappers.segment.SharedNumbers;
import org.fhirgateway.mappers.segment.SpecimenMapper;
import org.fhirgateway.mappers.segment.TimingMapper;
import org.fhirgateway.mappers.segment.VisitEvent;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * ORU^R01 and OUL^R22, R23, R24: the first patient (PID, PD1, NK1, PV1; the patient group is optional), then each OBR as a ServiceRequest
 * (with its ORC and TQ1) and a DiagnosticReport based on it, with the OBX that follow it as its results, NTE
 * after an OBX as the observation's note, after an OBR as the order's. Each OBR is its own report, also when
 * several share an order number. SPM becomes a Specimen of the report, its order and its observations; in
 * OUL^R22 and R23 the specimen group comes first and holds the orders. Segments of a second patient group are
 * reported, never attached to the first patient.
 */
final class ResultAssembler implements Assembler {

    /**
     * The issue of an ORU^R01 without its optional patient group: the IG maps the results all the same, and R4
     * makes the subject optional (the work list's {@code no-patient}).
     */
    static final String NO_PATIENT = "no patient: the message has no PID segment, its results are stored without"
            + " a subject";

    /** OUL: the ORC follows its OBR (ORU: precedes it). */
    private final boolean orcAfterObr;
    /** OUL^R22, R23: SPM opens a group of orders (ORU, OUL^R24: SPM belongs to the OBR before it). */
    private final boolean specimenFirst;

    ResultAssembler() {
        this(false, false);
    }

    ResultAssembler(boolean orcAfterObr, boolean specimenFirst) {
        this.orcAfterObr = orcAfterObr;
        this.specimenFirst = specimenFirst;
    }

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
        List<Segment> firstPatient = firstPatient(message, pid);
        Results results = new Results(context, participants, firstPatient);
        for (Segment segment : message.segments()) {
            if (!firstPatient.contains(segment)) {
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

    /** The segments before a second PID. */
    private static List<Segment> firstPatient(V2Message message, Segment pid) {
        List<Segment> segments = new ArrayList<>(message.segments().size());
        for (Segment segment : message.segments()) {
            if (segment.id().equals("PID") && segment != pid) {
                break;
            }
            segments.add(segment);
        }
        return segments;
    }

    private static void encounter(Segment pv1, Segment pv2, MessageContext context, Participants participants) {
        EncounterMapper mapper = new EncounterMapper(context, participants);
        Identifier key = mapper.key(pv1);
        context.encounter(context.bundle().referenceTo("Encounter", key), key);
        Encounter encounter = mapper.map(pv1, pv2, VisitEvent.ADMIT_OR_UPDATE, key);
        context.bundle().upsert(encounter, key);
    }

    /** OBR, ORC, TQ1, SPM, OBX and NTE. */
    private final class Results {
        private final MessageContext context;
        private final ReportMapper reports;
        private final OrderMapper orders;
        private final TimingMapper timings;
        private final SpecimenMapper specimens;
        private final ObservationMapper observations;
        private final Notes notes;
        private final Map<Segment, Segment> orcOfObr = new HashMap<>();
        private final SharedNumbers reportKeys;
        private final SharedNumbers requestKeys;
        private final List<Observation> reportObservations = new ArrayList<>();
        private final List<Segment> pendingTiming = new ArrayList<>();
        private DiagnosticReport report;
        private ServiceRequest request;
        private Reference requestReference;
        private String reportScope;
        private Reference specimen;
        private String specimenScope;

        Results(MessageContext context, Participants participants, List<Segment> segments) {
            this.context = context;
            this.reports = new ReportMapper(context);
            this.orders = new OrderMapper(context, participants);
            this.timings = new TimingMapper(context, orders);
            this.specimens = new SpecimenMapper(context, timings);
            this.observations = new ObservationMapper(context, participants);
            this.notes = new Notes(context);
            List<Identifier> reportNumbers = new ArrayList<>();
            List<Identifier> requestNumbers = new ArrayList<>();
            Segment orc = null;
            Segment obr = null;
            for (Segment segment : segments) {
                if (segment.id().equals("ORC")) {
                    if (orcAfterObr && obr != null && !orcOfObr.containsKey(obr)) {
                        orcOfObr.put(obr, segment);
                    } else {
                        orc = segment;
                    }
                } else if (segment.id().equals("OBR")) {
                    obr = segment;
                    if (!orcAfterObr && orc != null) {
                        orcOfObr.put(obr, orc);
                    }
                    orc = null;
                }
            }
            for (Segment segment : segments) {
                if (segment.id().equals("OBR")) {
                    reportNumbers.add(reports.number(segment));
                    requestNumbers.add(orders.number(orcOfObr.get(segment), segment));
                }
            }
            this.reportKeys = new SharedNumbers("DiagnosticReport", reportNumbers);
            this.requestKeys = new SharedNumbers("ServiceRequest", requestNumbers);
        }

        boolean map(Segment segment) throws MappingException {
            switch (segment.id()) {
                case "OBR" -> order(segment);
                case "ORC" -> {
                    if (!orcOfObr.containsValue(segment)) {
                        context.issues().addSegment(segment, "order control without an OBR, not mapped");
                    }
                }
                case "TQ1" -> {
                    if (request == null) {
                        pendingTiming.add(segment);
                    } else {
                        timings.apply(segment, request);
                    }
                }
                case "SPM" -> specimen(segment);
                case "OBX" -> observation(segment);
                case "NTE" -> notes.add(segment);
                default -> {
                    notes.follow(null);
                    return false;
                }
            }
            return true;
        }

        private void order(Segment obr) throws MappingException {
            Segment orc = orcOfObr.get(obr);
            Identifier number = orders.number(orc, obr);
            Identifier requestKey = number == null ? orders.gatewayKey(orc, obr)
                    : requestKeys.key(number, context.types().codes().cwe(obr, 4));
            request = orders.map(orc, obr, requestKey);
            for (Segment tq1 : pendingTiming) {
                timings.apply(tq1, request);
            }
            pendingTiming.clear();
            requestReference = context.bundle().upsert(request, requestKey);
            Identifier key = reports.key(obr, reportKeys);
            report = reports.map(obr, key);
            report.addBasedOn(requestReference.copy());
            reportScope = key.getSystem() + "|" + key.getValue();
            reportObservations.clear();
            if (specimenFirst && specimen != null) {
                report.addSpecimen(specimen.copy());
                request.addSpecimen(specimen.copy());
            } else {
                specimen = null;
            }
            context.bundle().upsert(report, key);
            notes.follow(request);
        }

        private void specimen(Segment spm) {
            if (specimenFirst) {
                Identifier key = specimens.key(spm, "");
                specimen = specimens.map(spm, key, null);
                specimenScope = key.getSystem() + "|" + key.getValue();
                report = null;
                request = null;
                notes.follow(null);
                return;
            }
            Identifier key = specimens.key(spm, reportScope == null ? "" : reportScope);
            Reference reference = specimens.map(spm, key, requestReference);
            specimenScope = key.getSystem() + "|" + key.getValue();
            if (report != null) {
                report.addSpecimen(reference.copy());
                request.addSpecimen(reference.copy());
                for (Observation observation : reportObservations) {
                    if (!observation.hasSpecimen()) {
                        observation.setSpecimen(reference.copy());
                    }
                }
            }
            specimen = reference;
            notes.follow(null);
        }

        private void observation(Segment obx) {
            String scope = report == null ? context.encounterKey() : reportScope;
            if (report == null && specimen != null) {
                scope = specimenScope;
            }
            DateTimeType time = report != null && report.hasEffectiveDateTimeType()
                    ? report.getEffectiveDateTimeType() : null;
            Observation observation = observations.map(obx, scope, time);
            if (observation != null) {
                if (specimen != null) {
                    observation.setSpecimen(specimen.copy());
                }
                Reference reference = observations.add(observation, obx);
                if (report != null && reference != null) {
                    report.addResult(reference);
                    reportObservations.add(observation);
                }
            }
            notes.follow(observation);
        }
    }
}
