package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.MAPPER;
import static org.fhirgateway.mappers.TestMessages.load;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.fhirgateway.mappers.TestMessages.resources;
import static org.fhirgateway.mappers.TestMessages.withField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterLocationStatus;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** What each trigger event does to the visit and the patient. */
class EventSemanticsTest {

    private static final String BASE = load("messages/ADT-A01-clean.hl7");
    private static final String DISCHARGE_TIME = "20240318120000-0500";

    private static String as(String event) {
        String message = BASE.replace("|ADT^A01^ADT_A01|", "|ADT^" + event + "^ADT_" + event + "|")
                .replace("\rEVN|A01|", "\rEVN|" + event + "|");
        return withField(message, "PV1", 45, DISCHARGE_TIME);
    }

    private static MappingResult mapEvent(String event) throws MappingException {
        MappingResult result = MAPPER.map(as(event));
        assertEquals(event, result.source().triggerEvent());
        return result;
    }

    private static Encounter encounter(MappingResult result) {
        return only(result.bundle(), Encounter.class);
    }

    @Test
    void a03FinishesTheVisitAtPv145() throws MappingException {
        Encounter encounter = encounter(mapEvent("A03"));
        assertEquals(EncounterStatus.FINISHED, encounter.getStatus());
        assertEquals("2024-03-18T12:00:00-05:00", encounter.getPeriod().getEndElement().getValueAsString());
        assertEquals(EncounterLocationStatus.COMPLETED, encounter.getLocationFirstRep().getStatus());
    }

    @Test
    void a03WithoutDischargeTimeSaysSo() throws MappingException {
        MappingResult result = MAPPER.map(withField(as("A03"), "PV1", 45, ""));
        assertFalse(encounter(result).getPeriod().hasEnd());
        assertTrue(result.issues().stream().anyMatch(i -> "PV1-45".equals(i.field())));
    }

    @Test
    void a11CancelsTheAdmit() throws MappingException {
        assertEquals(EncounterStatus.CANCELLED, encounter(mapEvent("A11")).getStatus());
    }

    @Test
    void a13ReopensTheVisit() throws MappingException {
        Encounter encounter = encounter(mapEvent("A13"));
        assertEquals(EncounterStatus.INPROGRESS, encounter.getStatus());
        assertFalse(encounter.getPeriod().hasEnd(), "the discharge is cancelled: no end even though PV1-45 is sent");
        assertEquals(EncounterLocationStatus.ACTIVE, encounter.getLocationFirstRep().getStatus());
    }

    @Test
    void a02MovesTheLocation() throws MappingException {
        Encounter encounter = encounter(mapEvent("A02"));
        assertEquals(EncounterStatus.INPROGRESS, encounter.getStatus());
        assertEquals("W4 412 B", encounter.getLocation().get(0).getLocation().getDisplay());
        assertEquals(EncounterLocationStatus.ACTIVE, encounter.getLocation().get(0).getStatus());
        assertEquals("W2 201 A", encounter.getLocation().get(1).getLocation().getDisplay(), "prior location PV1-6");
        assertEquals(EncounterLocationStatus.COMPLETED, encounter.getLocation().get(1).getStatus());
    }

    @Test
    void a12CancelsTheTransfer() {
        MappingResult result = TestMessages.map("messages/ADT-A12-01.hl7");
        assertEquals("ADT^A12", result.source().messageType());
        Encounter encounter = encounter(result);
        assertEquals(EncounterStatus.INPROGRESS, encounter.getStatus());
        assertEquals(EncounterLocationStatus.ACTIVE, encounter.getLocation().get(0).getStatus(), "back in PV1-3");
        assertEquals(EncounterLocationStatus.COMPLETED, encounter.getLocation().get(1).getStatus());
    }

    @Test
    void admitRegisterAndUpdateFollowTheIgStatusMap() throws MappingException {
        assertEquals(EncounterStatus.INPROGRESS, encounter(MAPPER.map(BASE)).getStatus());
        assertEquals(EncounterStatus.PLANNED, encounter(mapEvent("A04")).getStatus());
        assertEquals(EncounterStatus.PLANNED, encounter(mapEvent("A05")).getStatus());
        assertEquals(EncounterStatus.INPROGRESS, encounter(mapEvent("A06")).getStatus());
        assertEquals(EncounterStatus.INPROGRESS, encounter(mapEvent("A07")).getStatus());
        // A08 is "unknown" in the IG map; the visit's own discharge time then decides
        assertEquals(EncounterStatus.FINISHED, encounter(mapEvent("A08")).getStatus());
    }

    @Test
    void a28AndA31ArePersonOnly() throws MappingException {
        for (String event : List.of("A28", "A31")) {
            MappingResult result = mapEvent(event);
            assertTrue(resources(result.bundle(), Encounter.class).isEmpty(), event);
            assertEquals(1, resources(result.bundle(), Patient.class).size());
            assertTrue(result.issues().stream().anyMatch(i -> "PV1".equals(i.segment())
                    && i.reason().contains("person-only")), event);
        }
    }

    @Test
    void a40MergesTheLosingPatientIntoTheSurvivor() {
        MappingResult result = TestMessages.map("corpus/ADT-A40-01.hl7");
        Bundle bundle = result.bundle();
        List<Patient> patients = resources(bundle, Patient.class);
        assertEquals(2, patients.size());
        Patient survivor = patients.get(0);
        Patient losing = patients.get(1);
        assertEquals("12345", survivor.getIdentifierFirstRep().getValue());
        assertEquals("56789", losing.getIdentifierFirstRep().getValue());
        assertFalse(losing.getActive());
        assertEquals(Patient.LinkType.REPLACEDBY, losing.getLinkFirstRep().getType());
        assertEquals(fullUrl(bundle, survivor), losing.getLinkFirstRep().getOther().getReference());
        assertEquals(Patient.LinkType.REPLACES, survivor.getLinkFirstRep().getType());
        assertEquals(fullUrl(bundle, losing), survivor.getLinkFirstRep().getOther().getReference());
        assertEquals("Patient?identifier=urn:fhirgateway:authority:BCBS|56789",
                bundle.getEntry().stream().filter(e -> e.getResource() == losing).findFirst().orElseThrow()
                        .getRequest().getUrl());
        assertEquals("urn:fhirgateway:authority:BCBS|12345", result.source().patientKey(), "the survivor orders");
    }

    @Test
    void msh9WinsOverAStaleEvn1AndEvn1FillsAnEmptyMsh92() throws MappingException {
        MappingResult a02 = TestMessages.map("corpus/ADT-A02-01.hl7");
        assertEquals("A02", a02.source().triggerEvent());
        assertTrue(a02.issues().stream().anyMatch(i -> "EVN-1".equals(i.field())), "the disagreement is reported");
        String noEvent = BASE.replace("|ADT^A01^ADT_A01|", "|ADT|").replace("\rEVN|A01|", "\rEVN|A03|");
        assertEquals("ADT^A03", MAPPER.map(noEvent).source().messageType());
    }

    private static String fullUrl(Bundle bundle, Patient patient) {
        return bundle.getEntry().stream().filter(e -> e.getResource() == patient).findFirst().orElseThrow().getFullUrl();
    }
}
