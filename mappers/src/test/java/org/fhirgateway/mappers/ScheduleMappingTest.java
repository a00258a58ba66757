package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.MAPPER;
import static org.fhirgateway.mappers.TestMessages.load;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.Test;

/** SIU to Appointment: SCH, TQ1, AIS, AIG, AIL, AIP field by field, and the status of each event. */
class ScheduleMappingTest {

    private static final String S12 = "MSH|^~\\&|SCHED|GHH|GW|GWF|20240315083000||SIU^S12^SIU_S12|C-12|P|2.5.1\r"
            + "SCH|PL-1^GHH|FI-1^GHH|||||ROUTINE^Routine^HL70276|NORMAL^Normal^HL70277|30|min|||||||||||||||Booked\r"
            + "TQ1|||||||20240320090000+0100|20240320093000+0100\r"
            + "NTE|1||Bring the referral letter\r"
            + "PID|1||MRN-0042^^^GHH^MR||Everyman^Adam||19800214|M\r"
            + "RGS|1\r"
            + "AIS|1||45378^Colonoscopy^CPT|20240320090000+0100|||30|min\r"
            + "AIG|1||EQ-7^Video scope^L|EQ^Equipment^L||||20240320090000+0100|||30|min||Booked\r"
            + "AIL|1||ENDO^2^^GHH|||20240320090000+0100|||30|min||Booked\r"
            + "AIP|1||1210^Gastro^Greta^^^Dr|ATND^Attender^L||20240320090000+0100|||30|min||Booked\r";

    private static Appointment appointment(String message) throws MappingException {
        return only(MAPPER.map(message).bundle(), Appointment.class);
    }

    @Test
    void schAndTq1() throws MappingException {
        Appointment appointment = appointment(S12);
        assertEquals("FI-1", appointment.getIdentifier().get(0).getValue(), "keyed by SCH-2, the filler id");
        assertEquals("PL-1", appointment.getIdentifier().get(1).getValue(), "SCH-1 kept");
        assertEquals(AppointmentStatus.BOOKED, appointment.getStatus());
        assertEquals("ROUTINE", appointment.getReasonCodeFirstRep().getCodingFirstRep().getCode(), "SCH-7");
        assertEquals("NORMAL", appointment.getAppointmentType().getCodingFirstRep().getCode(), "SCH-8");
        assertEquals(30, appointment.getMinutesDuration(), "SCH-9 in SCH-10 units");
        assertEquals("2024-03-20T09:00:00+01:00", appointment.getStartElement().getValueAsString(), "TQ1-7");
        assertEquals("2024-03-20T09:30:00+01:00", appointment.getEndElement().getValueAsString(), "TQ1-8");
        assertEquals("Bring the referral letter", appointment.getComment(), "NTE");
        assertEquals("45378", appointment.getServiceTypeFirstRep().getCodingFirstRep().getCode(), "AIS-3");
    }

    @Test
    void resourcesAreParticipants() throws MappingException {
        Bundle bundle = MAPPER.map(S12).bundle();
        Appointment appointment = only(bundle, Appointment.class);
        assertEquals(4, appointment.getParticipant().size(), "patient, AIG, AIL, AIP");
        String patient = bundle.getEntry().stream().filter(e -> e.getResource() instanceof org.hl7.fhir.r4.model.Patient)
                .findFirst().orElseThrow().getFullUrl();
        assertEquals(patient, appointment.getParticipant().get(0).getActor().getReference());
        assertEquals(Appointment.ParticipationStatus.ACCEPTED, appointment.getParticipant().get(0).getStatus());
        assertTrue(TestMessages.resources(bundle, Device.class).stream()
                .anyMatch(d -> d.getIdentifierFirstRep().getValue().equals("EQ-7")), "AIG-3");
        assertEquals("Equipment", appointment.getParticipant().get(1).getTypeFirstRep().getCodingFirstRep().getDisplay());
        assertEquals("ENDO 2", only(bundle, Location.class).getName(), "AIL-3");
        Appointment.AppointmentParticipantComponent person = appointment.getParticipant().get(3);
        assertEquals("1210", only(bundle, Practitioner.class).getIdentifierFirstRep().getValue(), "AIP-3");
        assertEquals("ATND", person.getTypeFirstRep().getCodingFirstRep().getCode(), "AIP-4");
        assertEquals("2024-03-20T09:00:00+01:00", person.getPeriod().getStartElement().getValueAsString(), "AIP-6");
        assertEquals("2024-03-20T09:30:00+01:00", person.getPeriod().getEndElement().getValueAsString(), "AIP-6 + AIP-9");
    }

    @Test
    void statusPerEvent() throws MappingException {
        Map<String, AppointmentStatus> expected = Map.of("S12", AppointmentStatus.BOOKED, "S13", AppointmentStatus.BOOKED,
                "S14", AppointmentStatus.BOOKED, "S15", AppointmentStatus.CANCELLED, "S16", AppointmentStatus.CANCELLED,
                "S17", AppointmentStatus.ENTEREDINERROR, "S26", AppointmentStatus.NOSHOW);
        for (Map.Entry<String, AppointmentStatus> e : expected.entrySet()) {
            Appointment appointment = appointment(S12.replace("SIU^S12^SIU_S12", "SIU^" + e.getKey()));
            assertEquals(e.getValue(), appointment.getStatus(), e.getKey());
        }
        assertEquals(Appointment.ParticipationStatus.DECLINED,
                appointment(S12.replace("SIU^S12^SIU_S12", "SIU^S26")).getParticipantFirstRep().getStatus(),
                "a no-show: the patient did not take part");
        assertEquals(AppointmentStatus.PENDING, appointment(S12.replace("||Booked\rTQ1", "||Pending\rTQ1")).getStatus(),
                "SCH-25 refines a booking");
    }

    @Test
    void withoutTimesTheResourcesDateItAndWithoutAnyItIsProposed() throws MappingException {
        String noTq1 = S12.replace("TQ1|||||||20240320090000+0100|20240320093000+0100\r", "");
        Appointment dated = appointment(noTq1);
        assertEquals("2024-03-20T09:00:00+01:00", dated.getStartElement().getValueAsString(), "from AIS-4");
        assertEquals(AppointmentStatus.BOOKED, dated.getStatus());
        String undated = noTq1.replace("20240320090000+0100", "");
        MappingResult result = MAPPER.map(undated);
        Appointment proposed = only(result.bundle(), Appointment.class);
        assertFalse(proposed.hasStart());
        assertEquals(AppointmentStatus.PROPOSED, proposed.getStatus(), "R4 requires dates of a booked appointment");
        assertTrue(result.issues().stream().anyMatch(i -> i.reason().contains("proposed")));
    }

    @Test
    void theCorpusBookingIsMapped() throws MappingException {
        Appointment appointment = appointment(load("corpus/SIU-S12-01.hl7"));
        assertEquals("36996", appointment.getIdentifierFirstRep().getValue());
        assertEquals(List.of("Appointment booked for emergency procedure",
                "Nursing staff instructions - Patient bowel preparation for the procedure"),
                List.of(appointment.getComment().split("\n")).subList(0, 2));
    }
}
