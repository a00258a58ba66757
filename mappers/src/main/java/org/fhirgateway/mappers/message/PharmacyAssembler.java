package org.fhirgateway.mappers.message;

import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.segment.DispenseMapper;
import org.fhirgateway.mappers.segment.MedicationRequestMapper;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.ObservationMapper;
import org.fhirgateway.mappers.segment.OrderMapper;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.segment.TimingMapper;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;

/**
 * RDE^O11, RDE^O25 and RDS^O13: the patient and visit, then each order group (ORC, TQ1, RXO, RXR, RXE, TQ1,
 * RXR, RXD, RXR, OBX, NTE) as a MedicationRequest (medication as a CodeableConcept, no Medication resource)
 * and each RXD as a MedicationDispense of it. The timing is the RXE's TQ1, else the ORC's; an RXR belongs to
 * the RXO, RXE or RXD before it. OBX are the order's supporting information.
 */
final class PharmacyAssembler implements Assembler {

    @Override
    public void assemble(V2Message message, MessageContext context) throws MappingException {
        Participants participants = new Participants(context);
        Notes notes = new Notes(context);
        PatientVisit patient = new PatientVisit(message, context, participants, notes);
        Group group = new Group(context, participants, notes);
        for (Segment segment : message.segments()) {
            if (patient.map(segment)) {
                continue;
            }
            if (segment.id().equals("ORC")) {
                group.map();
                group.start(segment);
            } else if (group.started()) {
                group.add(segment);
            } else {
                Unmapped.segment(segment, context.issues());
            }
        }
        group.map();
    }

    /** The segments of one order group, mapped once the group is complete. */
    private static final class Group {
        private final MessageContext context;
        private final MedicationRequestMapper requests;
        private final DispenseMapper dispenses;
        private final TimingMapper timings;
        private final ObservationMapper observations;
        private final Notes notes;
        private final List<Segment> segments = new ArrayList<>();
        private Segment orc;

        Group(MessageContext context, Participants participants, Notes notes) {
            this.context = context;
            this.requests = new MedicationRequestMapper(context, participants);
            this.dispenses = new DispenseMapper(context, participants, requests);
            this.timings = new TimingMapper(context, new OrderMapper(context, participants));
            this.observations = new ObservationMapper(context, participants);
            this.notes = notes;
        }

        boolean started() {
            return orc != null;
        }

        void start(Segment orc) {
            this.orc = orc;
            segments.clear();
        }

        void add(Segment segment) {
            segments.add(segment);
        }

        void map() {
            if (orc == null) {
                return;
            }
            Segment rxo = first("RXO");
            Segment rxe = first("RXE");
            Identifier key = requests.key(orc, rxo, rxe);
            MedicationRequest request = requests.map(orc, rxo, rxe, key);
            Reference reference = request == null ? null : context.bundle().upsert(request, key);
            String scope = key.getSystem() + "|" + key.getValue();
            Timing orderTiming = null;
            Timing encodedTiming = null;
            String last = "ORC";
            MedicationDispense dispense = null;
            notes.follow(request);
            for (Segment segment : segments) {
                switch (segment.id()) {
                    case "TQ1" -> {
                        Timing timing = timings.timing(segment);
                        if (last.equals("ORC") || last.equals("RXO")) {
                            orderTiming = orderTiming == null ? timing : orderTiming;
                        } else {
                            encodedTiming = encodedTiming == null ? timing : encodedTiming;
                        }
                    }
                    case "RXO", "RXE" -> {
                        last = segment.id();
                        if (segment != rxo && segment != rxe) {
                            context.issues().addSegment(segment, "second " + segment.id() + " in one order, not mapped");
                        }
                        notes.follow(request);
                    }
                    case "RXR" -> {
                        if (last.equals("RXD") && dispense != null) {
                            dispenses.route(segment, dispense);
                        } else if (request != null && !last.equals("RXD")) {
                            requests.route(segment, request, last.equals("RXE"));
                        } else {
                            context.issues().addSegment(segment, "route without a mapped order or dispense, not mapped");
                        }
                    }
                    case "RXD" -> {
                        last = "RXD";
                        Identifier dispenseKey = dispenses.key(segment, scope);
                        dispense = dispenses.map(segment, dispenseKey, request, reference);
                        if (dispense != null) {
                            context.bundle().upsert(dispense, dispenseKey);
                        }
                        notes.follow(dispense);
                    }
                    case "OBX" -> {
                        Observation observation = observations.map(segment, scope, null);
                        if (observation != null) {
                            Reference result = observations.add(observation, segment);
                            if (request != null && result != null) {
                                request.addSupportingInformation(result);
                            }
                        }
                        notes.follow(observation);
                    }
                    case "NTE" -> notes.add(segment);
                    default -> {
                        notes.follow(null);
                        Unmapped.segment(segment, context.issues());
                    }
                }
            }
            if (request != null) {
                requests.timing(request, encodedTiming != null ? encodedTiming : orderTiming);
            }
            orc = null;
            segments.clear();
        }

        private Segment first(String id) {
            for (Segment segment : segments) {
                if (segment.id().equals(id)) {
                    return segment;
                }
            }
            return null;
        }
    }
}
