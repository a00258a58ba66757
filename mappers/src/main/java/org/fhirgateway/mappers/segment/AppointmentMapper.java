package org.fhirgateway.mappers.segment;

import java.util.Calendar;
import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Appointment.ParticipationStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * SCH with TQ1 and the resource segments AIS, AIG, AIL, AIP to one Appointment (IG SCH[Appointment], AIS, AIG, AIL,
 * AIP[Appointment]). Keyed by SCH-2 (filler appointment id), else SCH-1 (placer). The status follows the event
 * (see {@link #statusOf}); SCH-25 (filler status, table 0278) refines a booking. Start and end: TQ1-7/TQ1-8, else
 * SCH-11.4/SCH-11.5, else the first resource's start and duration.
 */
public final class AppointmentMapper {

    private static final int[] MAPPED_SCH = {1, 2, 7, 8, 9, 10, 11, 25};
    private static final int[] MAPPED_TQ1 = {7, 8};

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;

    public AppointmentMapper(MessageContext context, Participants participants) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
    }

    /** The appointment key: SCH-2, else SCH-1, else a gateway key of the patient and SCH-11 (null without PID). */
    public Identifier key(Segment sch) {
        Identifier filler = types.identifiers().ei(sch.first(2));
        if (filler != null) {
            return filler;
        }
        Identifier placer = types.identifiers().ei(sch.first(1));
        if (placer != null) {
            return placer;
        }
        context.issues().add(sch, 2, "no appointment id (SCH-1, SCH-2): keyed by patient and timing");
        return Keys.of("Appointment", context.patientKey(), sch.text(11));
    }

    /** The status an SIU event gives; S12 to S14 take SCH-25 when it is sent. */
    public static AppointmentStatus statusOf(String event, String fillerStatus) {
        switch (event) {
            case "S15":
            case "S16":
                return AppointmentStatus.CANCELLED;
            case "S17":
                return AppointmentStatus.ENTEREDINERROR;
            case "S26":
                return AppointmentStatus.NOSHOW;
            default:
                break;
        }
        switch (fillerStatus.toLowerCase(java.util.Locale.ROOT)) {
            case "pending":
                return AppointmentStatus.PENDING;
            case "waitlist":
                return AppointmentStatus.WAITLIST;
            case "started":
                return AppointmentStatus.ARRIVED;
            case "complete":
                return AppointmentStatus.FULFILLED;
            case "noshow":
                return AppointmentStatus.NOSHOW;
            default:
                return AppointmentStatus.BOOKED;
        }
    }

    public Appointment map(Segment sch, Segment tq1, Identifier key) {
        Appointment appointment = new Appointment();
        appointment.addIdentifier(key);
        for (int field : new int[] {1, 2}) {
            Identifier id = types.identifiers().ei(sch.first(field));
            if (id != null && !(id.getSystem().equals(key.getSystem()) && id.getValue().equals(key.getValue()))) {
                appointment.addIdentifier(id);
            }
        }
        appointment.setStatus(statusOf(context.event(), sch.first(25).text(1)));
        CodeableConcept reason = types.codes().cwe(sch, 7);
        if (reason != null) {
            if ("HL70277".equals(sch.first(7).text(3))) {
                appointment.setAppointmentType(reason);
            } else {
                appointment.addReasonCode(reason);
            }
        }
        CodeableConcept type = types.codes().cwe(sch, 8);
        if (type != null && !appointment.hasAppointmentType()) {
            appointment.setAppointmentType(type);
        }
        Integer minutes = minutes(sch.text(9), sch.first(10), sch, 9);
        if (minutes != null && minutes > 0) {
            appointment.setMinutesDuration(minutes);
        }
        String start = tq1 != null && !tq1.isEmpty(7) ? tq1.text(7) : sch.first(11).text(4);
        String end = tq1 != null && !tq1.isEmpty(8) ? tq1.text(8) : sch.first(11).text(5);
        InstantType from = start.isEmpty() ? null : types.times().instant(start);
        InstantType to = end.isEmpty() ? null : types.times().instant(end);
        if (from != null && to != null && !to.getValue().before(from.getValue())) {
            appointment.setStartElement(from);
            appointment.setEndElement(to);
        }
        appointment.addParticipant().setActor(new Reference(context.patient().getReference()))
                .setStatus(patientStatus(appointment.getStatus()));
        FieldCoverage.reportUnmapped(sch, MAPPED_SCH, context.issues());
        if (tq1 != null) {
            FieldCoverage.reportUnmapped(tq1, MAPPED_TQ1, context.issues());
        }
        return appointment;
    }

    /** AIS: the service (serviceType), its start and duration. */
    public void service(Appointment appointment, Segment ais) {
        CodeableConcept service = types.codes().cwe(ais, 3);
        if (service != null) {
            appointment.addServiceType(service);
        }
        startFrom(appointment, period(ais, 4, 7, 8));
        FieldCoverage.reportUnmapped(ais, new int[] {1, 2, 3, 4, 7, 8, 10}, context.issues());
    }

    /** AIG: a general resource (equipment) as a Device participant. */
    public void general(Appointment appointment, Segment aig) {
        Composite resource = aig.first(3);
        String id = resource.text(1);
        String name = resource.text(2).isEmpty() ? id : resource.text(2);
        if (name.isEmpty()) {
            context.issues().add(aig, 3, "resource without id or name, not mapped");
            return;
        }
        Identifier key = id.isEmpty() ? Keys.of("Device", types.context().localSystem(), name)
                : new Identifier().setSystem(types.context().localSystem()).setValue(id);
        Device device = new Device();
        device.addIdentifier(key);
        device.addDeviceName().setName(name).setType(Device.DeviceNameType.USERFRIENDLYNAME);
        Reference actor = context.bundle().upsert(device, key).setDisplay(name);
        participant(appointment, aig, actor, types.codes().cwe(aig, 4), period(aig, 8, 11, 12), aig.first(14).text(1));
        FieldCoverage.reportUnmapped(aig, new int[] {1, 2, 3, 4, 8, 11, 12, 14}, context.issues());
    }

    /** AIL: a location as a Location participant. */
    public void location(Appointment appointment, Segment ail) {
        Reference actor = participants.location(ail.first(3), ail, 3);
        if (actor == null) {
            context.issues().add(ail, 3, "location without name, not mapped");
            return;
        }
        participant(appointment, ail, actor, null, period(ail, 6, 9, 10), ail.first(12).text(1));
        FieldCoverage.reportUnmapped(ail, new int[] {1, 2, 3, 4, 6, 9, 10, 12}, context.issues());
    }

    /** AIP: a person as a Practitioner participant, AIP-4 its role. */
    public void personnel(Appointment appointment, Segment aip) {
        Reference actor = participants.practitioner(aip, 3);
        if (actor == null) {
            context.issues().add(aip, 3, "personnel without id or name, not mapped");
            return;
        }
        participant(appointment, aip, actor, types.codes().cwe(aip, 4), period(aip, 6, 9, 10), aip.first(12).text(1));
        FieldCoverage.reportUnmapped(aip, new int[] {1, 2, 3, 4, 6, 9, 10, 12}, context.issues());
    }

    private void participant(Appointment appointment, Segment segment, Reference actor, CodeableConcept type,
            Period period, String fillerStatus) {
        Appointment.AppointmentParticipantComponent participant = appointment.addParticipant().setActor(actor);
        if (type != null) {
            participant.addType(type);
        }
        if (period != null) {
            participant.setPeriod(period);
        }
        participant.setStatus(resourceStatus(fillerStatus, appointment.getStatus()));
        startFrom(appointment, period);
    }

    /** When no TQ1 or SCH-11 dated the appointment, the first resource with a start and a duration does. */
    private static void startFrom(Appointment appointment, Period period) {
        if (appointment.hasStart() || period == null || !period.hasStart() || !period.hasEnd()) {
            return;
        }
        appointment.setStartElement(new InstantType(period.getStart(), period.getStartElement().getPrecision(),
                period.getStartElement().getTimeZone()));
        appointment.setEndElement(new InstantType(period.getEnd(), period.getEndElement().getPrecision(),
                period.getEndElement().getTimeZone()));
    }

    /** Start at {@code startField}, end after the duration {@code durationField} in units {@code unitsField}. */
    private Period period(Segment segment, int startField, int durationField, int unitsField) {
        DateTimeType start = types.times().dateTime(segment, startField);
        if (start == null) {
            return null;
        }
        Period period = new Period().setStartElement(start);
        Integer minutes = minutes(segment.text(durationField), segment.first(unitsField), segment, durationField);
        if (minutes != null) {
            DateTimeType end = start.copy();
            end.add(Calendar.MINUTE, minutes);
            period.setEndElement(end);
        }
        return period;
    }

    /** A duration in minutes: units min (or none), s, h, d; anything else is reported. */
    private Integer minutes(String value, Composite units, Segment segment, int field) {
        if (value.isEmpty()) {
            return null;
        }
        int amount;
        try {
            amount = (int) Math.round(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            context.issues().add(segment, field, "duration is not a number, not mapped");
            return null;
        }
        String unit = units.text(1).toLowerCase(java.util.Locale.ROOT);
        switch (unit) {
            case "":
            case "min":
            case "minutes":
                return amount;
            case "s":
            case "sec":
                return amount / 60;
            case "h":
            case "hr":
                return amount * 60;
            case "d":
                return amount * 60 * 24;
            default:
                context.issues().add(segment, field + 1, "duration unit '" + units.text(1) + "' unknown, not mapped");
                return null;
        }
    }

    private static ParticipationStatus patientStatus(AppointmentStatus status) {
        switch (status) {
            case CANCELLED:
            case NOSHOW:
            case ENTEREDINERROR:
                return ParticipationStatus.DECLINED;
            case PENDING:
            case WAITLIST:
                return ParticipationStatus.TENTATIVE;
            default:
                return ParticipationStatus.ACCEPTED;
        }
    }

    /** A resource's filler status (table 0278) as its participation; when not sent, as the appointment's. */
    private static ParticipationStatus resourceStatus(String fillerStatus, AppointmentStatus appointment) {
        if (fillerStatus.isEmpty()) {
            return patientStatus(appointment);
        }
        switch (fillerStatus.toLowerCase(java.util.Locale.ROOT)) {
            case "cancelled":
            case "dc":
            case "deleted":
            case "noshow":
                return ParticipationStatus.DECLINED;
            case "pending":
            case "waitlist":
                return ParticipationStatus.TENTATIVE;
            default:
                return ParticipationStatus.ACCEPTED;
        }
    }
}
