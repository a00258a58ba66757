package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.terminology.Concept;
import org.fhirgateway.mappers.terminology.ConceptMapName;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterLocationStatus;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/** PV1 and PV2 to Encounter (IG maps PV1[Encounter], PV2[Encounter], Event[EncounterStatus]). */
public final class EncounterMapper {

    private static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    private static final int[] MAPPED_PV1 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 17, 18, 19, 36, 39, 42, 43, 44, 45};
    /** A09 and A10 also read PV1-11, the temporary location. */
    private static final int[] MAPPED_PV1_TRACKING = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 17, 18, 19, 36, 39, 42,
        43, 44, 45};
    private static final int[] MAPPED_PV2 = {3, 8, 9};

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;

    public EncounterMapper(MessageContext context, Participants participants) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
    }

    /** The visit key: PV1-19 visit number, else a gateway key of patient, admit time and class. */
    public Identifier key(Segment pv1) {
        Identifier visit = types.identifiers().cx(pv1.first(19), pv1, 19);
        if (visit != null) {
            return visit;
        }
        context.issues().add(pv1, 19, "no visit number: the encounter is keyed by patient, admit time and class");
        return Keys.of("Encounter", context.patientKey(), pv1.text(44), pv1.text(2));
    }

    /** Maps the visit; {@code pv2} may be null. */
    public Encounter map(Segment pv1, Segment pv2, VisitEvent event, Identifier key) {
        return map(pv1, pv2, event, key, null);
    }

    /**
     * Maps the visit; {@code pv2} may be null; {@code eventTime} (EVN-6, else EVN-2, else MSH-7; may be null) dates a
     * transfer in {@code Encounter.location.period}.
     */
    public Encounter map(Segment pv1, Segment pv2, VisitEvent event, Identifier key, DateTimeType eventTime) {
        return map(pv1, pv2, event, key, eventTime, null);
    }

    /**
     * A17 (swap beds): the visit of {@code pv1} moves, at the event time, to the location {@code partner} (the other
     * patient's PV1) holds in PV1-3, and leaves its own PV1-3.
     */
    public Encounter mapSwapped(Segment pv1, Segment pv2, Segment partner, Identifier key, DateTimeType eventTime) {
        return map(pv1, pv2, VisitEvent.TRANSFER, key, eventTime, partner);
    }

    private Encounter map(Segment pv1, Segment pv2, VisitEvent event, Identifier key, DateTimeType eventTime,
            Segment swapPartner) {
        Encounter encounter = new Encounter();
        encounter.addIdentifier(key);
        encounter.setSubject(context.patient());
        encounter.setStatus(status(event, pv1));
        encounter.setClass_(encounterClass(pv1));
        addType(encounter, pv1, 4);
        addType(encounter, pv1, 18);
        CodeableConcept service = types.codes().cwe(pv1, 10);
        if (service != null) {
            encounter.setServiceType(service);
        }
        period(encounter, pv1, event);
        if (swapPartner == null) {
            locations(encounter, pv1, event, eventTime);
        } else {
            swappedLocations(encounter, pv1, swapPartner, eventTime);
        }
        participant(encounter, pv1, 7, "ATND", "attender");
        participant(encounter, pv1, 8, "REF", "referrer");
        participant(encounter, pv1, 9, "CON", "consultant");
        participant(encounter, pv1, 17, "ADM", "admitter");
        hospitalization(encounter, pv1);
        Reference facility = participants.organizationNamed(pv1.text(39));
        if (facility != null) {
            encounter.setServiceProvider(facility);
        }
        if (pv2 != null) {
            mapPv2(encounter, pv2);
        }
        ExplicitNulls.record(context, pv1, context.encounter(), ExplicitNulls.PV1);
        FieldCoverage.reportUnmapped(pv1, event == VisitEvent.DEPART || event == VisitEvent.ARRIVE
                ? MAPPED_PV1_TRACKING : MAPPED_PV1, context.issues());
        return encounter;
    }

    private EncounterStatus status(VisitEvent event, Segment pv1) {
        switch (event) {
            case DISCHARGE:
                return EncounterStatus.FINISHED;
            case CANCEL_ADMIT:
            case CANCEL_PENDING_ADMIT:
                return EncounterStatus.CANCELLED;
            case PENDING_ADMIT:
                return EncounterStatus.PLANNED;
            case LEAVE_OUT:
                return EncounterStatus.ONLEAVE;
            case DELETE_VISIT:
                return EncounterStatus.ENTEREDINERROR;
            case CANCEL_DISCHARGE:
            case CANCEL_TRANSFER:
            case TRANSFER:
            case DEPART:
            case ARRIVE:
            case PENDING_TRANSFER:
            case PENDING_DISCHARGE:
            case LEAVE_RETURN:
            case CANCEL_PENDING_DISCHARGE:
            case CANCEL_PENDING_TRANSFER:
                return EncounterStatus.INPROGRESS;
            default:
                break;
        }
        Concept mapped = context.types().context().terminology()
                .lookup(ConceptMapName.EVENT_ENCOUNTER_STATUS, context.event());
        EncounterStatus status = mapped == null ? EncounterStatus.UNKNOWN : EncounterStatus.fromCode(mapped.code());
        if (status == EncounterStatus.UNKNOWN) {
            // an update (A08) does not say; the visit's own dates do
            if (!pv1.text(45).isEmpty()) {
                return EncounterStatus.FINISHED;
            }
            if (!pv1.text(44).isEmpty()) {
                return EncounterStatus.INPROGRESS;
            }
        }
        return status;
    }

    private Coding encounterClass(Segment pv1) {
        String code = pv1.text(2);
        if (code.isEmpty()) {
            context.issues().add(pv1, 2, "no patient class: Encounter.class set to unknown (v2-0004 U)");
            code = "U";
        }
        return types.codes().mapped(ConceptMapName.PATIENT_CLASS, "0004", code, pv1, 2);
    }

    private void addType(Encounter encounter, Segment pv1, int field) {
        CodeableConcept type = types.codes().cwe(pv1, field);
        if (type != null) {
            encounter.addType(type);
        }
    }

    private void period(Encounter encounter, Segment pv1, VisitEvent event) {
        DateTimeType start = types.times().dateTime(pv1, 44);
        DateTimeType end = event == VisitEvent.CANCEL_DISCHARGE ? null : types.times().dateTime(pv1, 45);
        if (event == VisitEvent.DISCHARGE && end == null) {
            context.issues().add(pv1, 45, "discharge without discharge date/time: period end not set");
        }
        if (start == null && end == null) {
            return;
        }
        Period period = encounter.getPeriod();
        period.setStartElement(start);
        if (end != null && start != null && end.getValue().before(start.getValue())) {
            context.issues().add(pv1, 45, "discharge before admit, period end not mapped");
        } else {
            period.setEndElement(end);
        }
    }

    /**
     * PV1-3 (current), PV1-6 (prior), PV1-43 (prior temporary), PV1-42 (pending), each at the granularity sent, then
     * the unit (PL-1, physicalType {@code wa}) of PV1-3 and PV1-6 as entries of their own, so that a census can count
     * per unit whatever the bed. {@code location.period} dates the movements the event says happened: an admit
     * (A01, A04, A06, A07) starts PV1-3 at the admit time (PV1-44, else the event time), a transfer (A02) starts
     * PV1-3 and ends PV1-6 at the event time, a discharge (A03) ends PV1-3 at the discharge time (PV1-45). Cancels
     * (A11, A12, A13) and updates date nothing: they restate or undo, and the census reads that from the versions.
     */
    private void locations(Encounter encounter, Segment pv1, VisitEvent event, DateTimeType eventTime) {
        if (event == VisitEvent.DEPART || event == VisitEvent.ARRIVE) {
            tracking(encounter, pv1, event, eventTime);
            return;
        }
        EncounterLocationStatus current = event == VisitEvent.DISCHARGE || event == VisitEvent.CANCEL_ADMIT
                || event == VisitEvent.DELETE_VISIT || event == VisitEvent.CANCEL_PENDING_ADMIT
                ? EncounterLocationStatus.COMPLETED
                : event == VisitEvent.LEAVE_OUT ? EncounterLocationStatus.RESERVED
                : event == VisitEvent.PENDING_ADMIT ? EncounterLocationStatus.PLANNED : EncounterLocationStatus.ACTIVE;
        Period currentPeriod = currentPeriod(encounter, event, eventTime);
        Period priorPeriod = event == VisitEvent.TRANSFER && eventTime != null
                ? new Period().setEndElement(eventTime.copy()) : null;
        boolean currentUnitOnly = !Participants.belowUnit(pv1.first(3));
        boolean priorUnitOnly = !Participants.belowUnit(pv1.first(6));
        location(encounter, pv1, 3, current, currentPeriod, currentUnitOnly);
        location(encounter, pv1, 6, EncounterLocationStatus.COMPLETED, priorPeriod, priorUnitOnly);
        location(encounter, pv1, 43, EncounterLocationStatus.COMPLETED, null, false);
        if (event == VisitEvent.CANCEL_PENDING_TRANSFER && !pv1.isEmpty(42)) {
            context.issues().add(pv1, 42, "pending transfer cancelled: the pending location is no longer planned");
        } else {
            location(encounter, pv1, 42, EncounterLocationStatus.PLANNED, null, false);
        }
        if (!currentUnitOnly) {
            unit(encounter, pv1, pv1.first(3), current, currentPeriod);
        }
        if (!priorUnitOnly) {
            unit(encounter, pv1, pv1.first(6), EncounterLocationStatus.COMPLETED, priorPeriod);
        }
    }

    /**
     * A09 and A10 (patient tracking): A09 starts PV1-11 (temporary location) at the event time and holds PV1-3
     * (reserved); A10 starts PV1-11, else PV1-3, at the event time and ends PV1-43 (the temporary location left).
     */
    private void tracking(Encounter encounter, Segment pv1, VisitEvent event, DateTimeType eventTime) {
        Period started = eventTime == null ? null : new Period().setStartElement(eventTime.copy());
        Period ended = eventTime == null ? null : new Period().setEndElement(eventTime.copy());
        boolean temporary = !pv1.isEmpty(11);
        if (event == VisitEvent.DEPART) {
            location(encounter, pv1, 3, temporary ? EncounterLocationStatus.RESERVED : EncounterLocationStatus.ACTIVE,
                    temporary ? null : started, !Participants.belowUnit(pv1.first(3)));
            location(encounter, pv1, 11, EncounterLocationStatus.ACTIVE, started, false);
        } else {
            location(encounter, pv1, 11, EncounterLocationStatus.ACTIVE, started, false);
            location(encounter, pv1, 3, EncounterLocationStatus.ACTIVE, temporary ? null : started,
                    !Participants.belowUnit(pv1.first(3)));
            location(encounter, pv1, 43, EncounterLocationStatus.COMPLETED, ended, false);
        }
        location(encounter, pv1, 6, EncounterLocationStatus.COMPLETED, null, !Participants.belowUnit(pv1.first(6)));
        location(encounter, pv1, 42, EncounterLocationStatus.PLANNED, null, false);
    }

    /** A17: the partner's PV1-3 is the new location (started at the event time), the own PV1-3 the one left. */
    private void swappedLocations(Encounter encounter, Segment pv1, Segment partner, DateTimeType eventTime) {
        Period started = eventTime == null ? null : new Period().setStartElement(eventTime.copy());
        Period ended = eventTime == null ? null : new Period().setEndElement(eventTime.copy());
        Composite now = partner.first(3);
        Composite left = pv1.first(3);
        location(encounter, now, partner, 3, EncounterLocationStatus.ACTIVE, started, !Participants.belowUnit(now));
        location(encounter, left, pv1, 3, EncounterLocationStatus.COMPLETED, ended, !Participants.belowUnit(left));
        if (Participants.belowUnit(now)) {
            unit(encounter, partner, now, EncounterLocationStatus.ACTIVE, started);
        }
        if (Participants.belowUnit(left)) {
            unit(encounter, pv1, left, EncounterLocationStatus.COMPLETED, ended);
        }
    }

    private Period currentPeriod(Encounter encounter, VisitEvent event, DateTimeType eventTime) {
        switch (event) {
            case TRANSFER:
                return eventTime == null ? null : new Period().setStartElement(eventTime.copy());
            case DISCHARGE:
                // period() already read PV1-45 (and reported it when invalid)
                return encounter.getPeriod().hasEnd() ? new Period().setEndElement(encounter.getPeriod().getEndElement().copy()) : null;
            case ADMIT_OR_UPDATE: {
                if (!ADMITS.contains(context.event())) {
                    return null;
                }
                DateTimeType start = encounter.getPeriod().hasStart() ? encounter.getPeriod().getStartElement().copy()
                        : eventTime == null ? null : eventTime.copy();
                return start == null ? null : new Period().setStartElement(start);
            }
            default:
                return null;
        }
    }

    private static final java.util.Set<String> ADMITS = java.util.Set.of("A01", "A04", "A06", "A07");

    private void location(Encounter encounter, Segment pv1, int field, EncounterLocationStatus status, Period period,
            boolean isUnit) {
        location(encounter, pv1.first(field), pv1, field, status, period, isUnit);
    }

    private void location(Encounter encounter, Composite pl, Segment pv1, int field, EncounterLocationStatus status,
            Period period, boolean isUnit) {
        Reference location = participants.location(pl, pv1, field);
        if (location != null) {
            Encounter.EncounterLocationComponent entry = encounter.addLocation().setLocation(location).setStatus(status);
            if (period != null) {
                entry.setPeriod(period.copy());
            }
            if (isUnit && !pl.text(1).isEmpty()) {
                entry.setPhysicalType(WARD.copy());
            }
        }
    }

    private void unit(Encounter encounter, Segment pv1, Composite pl, EncounterLocationStatus status, Period period) {
        Reference unit = participants.unit(pl);
        if (unit != null) {
            Encounter.EncounterLocationComponent entry = encounter.addLocation().setLocation(unit).setStatus(status)
                    .setPhysicalType(WARD.copy());
            if (period != null) {
                entry.setPeriod(period.copy());
            }
        }
    }

    private static final CodeableConcept WARD = new CodeableConcept().addCoding(
            new Coding(Participants.LOCATION_TYPE, "wa", "Ward"));

    private void participant(Encounter encounter, Segment pv1, int field, String code, String display) {
        for (Composite xcn : pv1.repetitions(field)) {
            Reference practitioner = participants.practitioner(xcn, pv1, field);
            if (practitioner != null) {
                encounter.addParticipant().setIndividual(practitioner)
                        .addType().addCoding().setSystem(PARTICIPATION).setCode(code).setDisplay(display);
            }
        }
    }

    private void hospitalization(Encounter encounter, Segment pv1) {
        Identifier preAdmit = types.identifiers().cx(pv1.first(5), pv1, 5);
        Encounter.EncounterHospitalizationComponent stay = new Encounter.EncounterHospitalizationComponent();
        if (preAdmit != null) {
            stay.setPreAdmissionIdentifier(preAdmit);
        }
        CodeableConcept source = types.codes().cwe(pv1, 14);
        if (source != null) {
            stay.setAdmitSource(source);
        }
        CodeableConcept readmission = types.codes().cwe(pv1, 13);
        if (readmission != null) {
            stay.setReAdmission(readmission);
        }
        Coding disposition = types.codes().mapped(ConceptMapName.DISCHARGE_DISPOSITION, "0112",
                pv1.text(36), pv1, 36);
        if (disposition != null) {
            stay.setDischargeDisposition(new CodeableConcept().addCoding(disposition));
        }
        if (!stay.isEmpty()) {
            encounter.setHospitalization(stay);
        }
    }

    private void mapPv2(Encounter encounter, Segment pv2) {
        CodeableConcept reason = types.codes().cwe(pv2, 3);
        if (reason != null) {
            encounter.addReasonCode(reason);
        }
        if (!encounter.hasPeriod()) {
            Period expected = types.times().period(pv2.text(8), pv2.text(9), pv2, 8);
            if (expected != null && encounter.getStatus() == EncounterStatus.PLANNED) {
                encounter.setPeriod(expected);
            }
        }
        FieldCoverage.reportUnmapped(pv2, MAPPED_PV2, context.issues());
    }
}
