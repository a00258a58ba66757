package org.fhirgateway.mappers.message;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.ObservationMapper;
import org.fhirgateway.mappers.segment.OrderMapper;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.segment.SharedNumbers;
import org.fhirgateway.mappers.segment.SpecimenMapper;
import org.fhirgateway.mappers.segment.TimingMapper;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The order groups of ORM^O01, OML^O21, OMG^O19, MDM and REF: each ORC with the OBR after it (or alone) as a
 * ServiceRequest, TQ1 as its timing (before or after the OBR), OBX as supporting information, SPM as its
 * specimen (with the OBX after it), DG1 (through {@link PatientVisit}) as its reason, NTE as its note.
 */
final class OrderSection {

    private final MessageContext context;
    private final OrderMapper orders;
    private final TimingMapper timings;
    private final SpecimenMapper specimens;
    private final ObservationMapper observations;
    private final Notes notes;
    private final Map<Segment, Segment> obrOfOrc = new HashMap<>();
    private final SharedNumbers requestKeys;
    private final List<Segment> pendingTiming = new ArrayList<>();
    private final List<Reference> requests = new ArrayList<>();
    private ServiceRequest request;
    private String requestScope;
    private Reference specimen;

    OrderSection(V2Message message, MessageContext context, Participants participants, Notes notes) {
        this.context = context;
        this.orders = new OrderMapper(context, participants);
        this.timings = new TimingMapper(context, orders);
        this.specimens = new SpecimenMapper(context, timings);
        this.observations = new ObservationMapper(context, participants);
        this.notes = notes;
        List<Identifier> numbers = new ArrayList<>();
        Segment orc = null;
        for (Segment segment : message.segments()) {
            if (segment.id().equals("ORC")) {
                orc = segment;
            } else if (segment.id().equals("OBR")) {
                if (orc != null) {
                    obrOfOrc.put(orc, segment);
                }
                numbers.add(orders.number(orc, segment));
                orc = null;
            }
        }
        this.requestKeys = new SharedNumbers("ServiceRequest", numbers);
    }

    /** Whether the segment belongs to an order (and was mapped or reported here). */
    boolean map(Segment segment) {
        switch (segment.id()) {
            case "ORC" -> {
                request = null;
                specimen = null;
                if (!obrOfOrc.containsKey(segment)) {
                    order(segment, null); // an ORC-only order (or one whose detail segment is not an OBR)
                }
            }
            case "OBR" -> order(orcOf(segment), segment);
            case "TQ1" -> {
                if (request == null) {
                    pendingTiming.add(segment);
                } else {
                    timings.apply(segment, request);
                }
            }
            case "SPM" -> {
                Identifier key = specimens.key(segment, requestScope == null ? "" : requestScope);
                specimen = specimens.map(segment, key, request == null ? null : requests.get(requests.size() - 1));
                if (request != null) {
                    request.addSpecimen(specimen.copy());
                }
                notes.follow(null);
            }
            case "OBX" -> observation(segment);
            case "NTE" -> notes.add(segment);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Adds a reason (a DG1's Condition) to the current order. */
    void reason(Reference condition) {
        if (request != null && condition != null) {
            request.addReasonReference(condition.copy());
        }
    }

    /** The current order, or null. */
    ServiceRequest current() {
        return request;
    }

    /** The references of every order mapped so far, in message order. */
    List<Reference> requests() {
        return requests;
    }

    private Segment orcOf(Segment obr) {
        for (Map.Entry<Segment, Segment> entry : obrOfOrc.entrySet()) {
            if (entry.getValue() == obr) {
                return entry.getKey();
            }
        }
        return null;
    }

    private void order(Segment orc, Segment obr) {
        Identifier number = orders.number(orc, obr);
        Identifier key;
        if (number == null) {
            key = orders.gatewayKey(orc, obr);
        } else if (obr == null) {
            key = number;
        } else {
            key = requestKeys.key(number, context.types().codes().cwe(obr, 4));
        }
        request = orders.map(orc, obr, key);
        if (obr != null) {
            orders.reportUnmappedObr(obr);
        }
        for (Segment tq1 : pendingTiming) {
            timings.apply(tq1, request);
        }
        pendingTiming.clear();
        requests.add(context.bundle().upsert(request, key));
        requestScope = key.getSystem() + "|" + key.getValue();
        specimen = null;
        notes.follow(request);
    }

    private void observation(Segment obx) {
        Observation observation = observations.map(obx, requestScope == null ? context.encounterKey() : requestScope,
                null);
        if (observation != null) {
            if (specimen != null) {
                observation.setSpecimen(specimen.copy());
            }
            if (request != null) {
                observation.addBasedOn(requests.get(requests.size() - 1).copy());
            }
            Reference reference = observations.add(observation, obx);
            if (request != null && reference != null) {
                request.addSupportingInfo(reference);
            }
        }
        notes.follow(observation);
    }
}
