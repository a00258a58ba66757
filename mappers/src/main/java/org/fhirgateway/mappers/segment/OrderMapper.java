package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.terminology.Concept;
import org.fhirgateway.mappers.terminology.ConceptMapName;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestPriority;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;

/**
 * ORC and OBR to ServiceRequest (IG ORC[ServiceRequest], OBR[ServiceRequest]): the order numbers as PLAC and
 * FILL identifiers, status from ORC-5 (else ORC-1), code, priority, requested time, requester and reasons.
 * Either segment may be absent (an ORC-only order, an OBR without ORC); the caller adds the entry.
 */
public final class OrderMapper {

    static final String IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203";
    private static final int[] MAPPED_ORC = {1, 2, 3, 4, 5, 7, 9, 12};
    /** OBR fields read for the ServiceRequest (the report reads its own, see ReportMapper). */
    static final int[] MAPPED_OBR = {2, 3, 4, 5, 6, 11, 16, 27, 29, 31};
    private static final int[] MAPPED_OBR_ALONE = {1, 2, 3, 4, 5, 6, 11, 16, 27, 29, 31};

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;

    public OrderMapper(MessageContext context, Participants participants) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
    }

    /** The order number that identifies the request: placer (OBR-2, ORC-2), else filler (OBR-3, ORC-3), or null. */
    public Identifier number(Segment orc, Segment obr) {
        Identifier placer = placer(orc, obr);
        return placer != null ? placer : filler(orc, obr);
    }

    /** The key when there is no order number: patient, code and order time. */
    public Identifier gatewayKey(Segment orc, Segment obr) {
        CodeableConcept code = obr == null ? null : types.codes().cwe(obr, 4);
        return Keys.of("ServiceRequest", context.patientKey(), code == null ? "" : ConditionMapper.codeKey(code),
                orc == null ? "" : orc.text(9), obr == null ? "" : obr.text(6), obr == null ? "" : obr.text(7));
    }

    /** Maps the order; {@code orc} or {@code obr} may be null (not both). Reports unmapped ORC fields only. */
    public ServiceRequest map(Segment orc, Segment obr, Identifier key) {
        ServiceRequest request = new ServiceRequest();
        Identifier placer = placer(orc, obr);
        Identifier filler = filler(orc, obr);
        if (!key.equalsDeep(placer) && !key.equalsDeep(filler)) {
            request.addIdentifier(key);
        }
        if (placer != null) {
            request.addIdentifier(typed(placer, "PLAC", "Placer Identifier"));
        }
        if (filler != null) {
            request.addIdentifier(typed(filler, "FILL", "Filler Identifier"));
        }
        request.setStatus(status(orc));
        request.setIntent(obr != null && "G".equals(obr.text(11)) ? ServiceRequestIntent.REFLEXORDER
                : ServiceRequestIntent.ORDER);
        request.setSubject(context.patient());
        if (context.encounter() != null) {
            request.setEncounter(context.encounter());
        }
        if (orc != null) {
            orc(orc, request);
        }
        if (obr != null) {
            obr(obr, request);
        }
        return request;
    }

    private void orc(Segment orc, ServiceRequest request) {
        Identifier group = types.identifiers().ei(orc.first(4));
        if (group != null) {
            request.setRequisition(group);
        }
        DateTimeType authored = types.times().dateTime(orc, 9);
        if (authored != null) {
            request.setAuthoredOnElement(authored);
        }
        Reference requester = participants.practitioner(orc, 12);
        if (requester != null) {
            request.setRequester(requester);
        }
        if (!orc.isEmpty(7)) {
            context.issues().add(orc, 7, "quantity/timing (TQ) not mapped: send TQ1");
        }
        FieldCoverage.reportUnmapped(orc, MAPPED_ORC, context.issues());
    }

    private void obr(Segment obr, ServiceRequest request) {
        CodeableConcept code = types.codes().cwe(obr, 4);
        if (code != null) {
            request.setCode(code);
        }
        priority(request, obr.text(5), obr, 5);
        DateTimeType requested = types.times().dateTime(obr, 6);
        if (requested != null) {
            request.setOccurrence(requested);
        }
        if (!request.hasRequester()) {
            Reference requester = participants.practitioner(obr, 16);
            if (requester != null) {
                request.setRequester(requester);
            }
        }
        for (Composite reason : obr.repetitions(31)) {
            CodeableConcept concept = types.codes().cwe(reason, obr, 31);
            if (concept != null) {
                request.addReasonCode(concept);
            }
        }
        Composite parent = obr.first(29);
        Identifier parentNumber = types.identifiers().ei(parent.part(1));
        if (parentNumber == null) {
            parentNumber = types.identifiers().ei(parent.part(2));
        }
        if (parentNumber != null) {
            request.addBasedOn(new Reference().setType("ServiceRequest").setIdentifier(parentNumber));
        }
        if (!obr.isEmpty(27)) {
            context.issues().add(obr, 27, "quantity/timing (TQ) not mapped: send TQ1");
        }
    }

    /** Reports the OBR fields the ServiceRequest does not read (where no DiagnosticReport is made of it). */
    public void reportUnmappedObr(Segment obr) {
        FieldCoverage.reportUnmapped(obr, MAPPED_OBR_ALONE, context.issues());
    }

    /** OBR-5 or TQ1-9 (table 0027) to ServiceRequest.priority; codes the IG does not map are reported. */
    void priority(ServiceRequest request, String code, Segment segment, int field) {
        Concept priority = types.codes().lookup(ConceptMapName.ORDER_PRIORITY, code, segment, field);
        if (priority != null) {
            request.setPriority(ServiceRequestPriority.fromCode(priority.code()));
        }
    }

    private ServiceRequestStatus status(Segment orc) {
        if (orc == null) {
            return ServiceRequestStatus.UNKNOWN;
        }
        Concept status = orc.text(5).isEmpty() ? null
                : types.codes().lookup(ConceptMapName.ORDER_STATUS, orc.text(5), orc, 5);
        if (status == null && !orc.text(1).isEmpty()) {
            status = types.codes().lookupQuietly(ConceptMapName.ORDER_CONTROL_STATUS, orc.text(1));
        }
        return status == null ? ServiceRequestStatus.UNKNOWN : ServiceRequestStatus.fromCode(status.code());
    }

    private Identifier placer(Segment orc, Segment obr) {
        Identifier id = obr == null ? null : types.identifiers().ei(obr.first(2));
        return id != null || orc == null ? id : types.identifiers().ei(orc.first(2));
    }

    private Identifier filler(Segment orc, Segment obr) {
        Identifier id = obr == null ? null : types.identifiers().ei(obr.first(3));
        return id != null || orc == null ? id : types.identifiers().ei(orc.first(3));
    }

    static Identifier typed(Identifier number, String code, String display) {
        Identifier copy = number.copy();
        copy.getType().addCoding().setSystem(IDENTIFIER_TYPE).setCode(code).setDisplay(display);
        return copy;
    }
}
