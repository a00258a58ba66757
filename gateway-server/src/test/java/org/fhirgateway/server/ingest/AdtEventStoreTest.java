package org.fhirgateway.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.fhirgateway.mappers.MapperConfig;
import org.fhirgateway.mappers.MessageMapper;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.SearchRequest;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.testing.TestDatabases;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store semantics of A47 (change identifier), A45 (move visit), A29 (delete person) and the pending events, over a
 * real MLLP socket into the real mapper and store on PostgreSQL.
 */
class AdtEventStoreTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String SYSTEM = "urn:fhirgateway:authority:GHH";
    private Database db;
    private IngestStack stack;
    private StorageEngine engine;
    private int port;

    private void start() throws Exception {
        db = TestDatabases.open();
        engine = StorageEngine.open(db, FHIR);
        MessageMapper mapper = new MessageMapper(MapperConfig.defaults().withDefaultZone(ZoneOffset.UTC));
        // the ACK waits for the apply however loaded the machine is (after applyWait it would be an AA for a held message)
        IngestStack.Settings settings = new IngestStack.Settings(new IngestSettings(AckMode.ORIGINAL,
                java.nio.charset.StandardCharsets.UTF_8, Duration.ofSeconds(120), 1 << 20),
                new WorkerSettings(2, Duration.ofSeconds(30), Duration.ofMillis(100), 50, "adt-events"));
        stack = IngestStack.start(db.dataSource(), new StoreApplier(mapper, engine, FHIR), settings);
        port = stack.listen(MllpSettings.defaults().withPort(0));
    }

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static String admit(String id, String mrn, String visit, String extra) {
        return AdtStoryTest.adt("A01", id, "20240315080000", "W4^412^B", "20240315080000+0000", "")
                .replace("MRN-7^^^GHH^MR", mrn + "^^^GHH^MR").replace("VN-1^^^GHH", visit + "^^^GHH") + extra;
    }

    private static String withMrg(String event, String id, String mrn, String mrg) {
        return "MSH|^~\\&|REGADT|GHH|GW|GWF|20240317080000||ADT^" + event + "|" + id + "|P|2.5.1\r"
                + "EVN|" + event + "|20240317080000\rPID|1||" + mrn + "^^^GHH^MR||Everyman^Adam||19800214|M\r"
                + "MRG|" + mrg + "\r";
    }

    private List<Resource> find(String type, String query) {
        return engine.search().search(AccessContext.system(), SearchRequest.of(type, query)).matches();
    }

    private String patientRef(String mrn) {
        List<Resource> found = find("Patient", "identifier=" + SYSTEM + "|" + mrn);
        assertEquals(1, found.size(), "one patient " + mrn);
        return "Patient/" + found.get(0).getIdElement().getIdPart();
    }

    private InboxAdmin.Summary row(String controlId) throws Exception {
        return new InboxAdmin(db.dataSource()).list(new InboxAdmin.Query(null, null, null, null, null, null, 50)).rows()
                .stream().filter(r -> r.controlId().equals(controlId)).findFirst().orElseThrow();
    }

    @Test
    void a47ChangesTheStoredIdentifierWithoutATwinAndRefusesOneInUse() throws Exception {
        start();
        String before;
        try (MllpClient client = new MllpClient("localhost", port)) {
            assertEquals("MSA|AA|I1", Messages.msa(client.send(admit("I1", "MRN-WRONG", "VN-I", ""))));
            before = patientRef("MRN-WRONG");
            assertEquals("MSA|AA|I2", Messages.msa(client.send(withMrg("A47", "I2", "MRN-RIGHT", "MRN-WRONG^^^GHH^MR"))));
            assertEquals(before, patientRef("MRN-RIGHT"), "the same stored Patient now has the new identifier");
            assertTrue(find("Patient", "identifier=" + SYSTEM + "|MRN-WRONG").isEmpty(), "the wrong one is gone");
            Patient patient = (Patient) engine.store().read(AccessContext.system(), "Patient",
                    before.substring("Patient/".length())).resource();
            assertEquals("2222 Home Street", patient.getAddressFirstRep().getLine().get(0).getValue(),
                    "what the A47 did not send is kept");
            assertEquals(1, find("Encounter", "subject=" + before).size(), "the visit stays with the patient");
            // the same change sent again (a resend with a new control id) lands on the changed record: no twin
            assertEquals("MSA|AA|I3", Messages.msa(client.send(withMrg("A47", "I3", "MRN-RIGHT", "MRN-WRONG^^^GHH^MR"))));
            assertEquals(before, patientRef("MRN-RIGHT"));
            // a new identifier that another stored patient holds is a merge, not a change
            client.send(admit("I4", "MRN-OTHER", "VN-O", ""));
            client.send(withMrg("A47", "I5", "MRN-OTHER", "MRN-RIGHT^^^GHH^MR"));
        }
        InboxAdmin.Summary refused = row("I5");
        assertEquals(InboxStatus.FAILED, refused.status());
        assertEquals(IdentifierChange.IN_USE, refused.errorCode());
        assertEquals(before, patientRef("MRN-RIGHT"), "the stored records stay as they were");
        patientRef("MRN-OTHER");
    }

    @Test
    void a45MovesTheVisitAndItsRecordToTheOtherPatient() throws Exception {
        start();
        String move = "MSH|^~\\&|REGADT|GHH|GW|GWF|20240317080000||ADT^A45|V3|P|2.5.1\r"
                + "EVN|A45|20240317080000\rPID|1||MRN-B^^^GHH^MR||Other^Bea||19810202|F\r"
                + "MRG|MRN-A^^^GHH^MR||||VN-A^^^GHH^VN\r"
                + "PV1|1|I|W4^412^B^GHH||||||||||||||||VN-A^^^GHH^VN|||||||||||||||||||||||||20240315080000+0000\r";
        try (MllpClient client = new MllpClient("localhost", port)) {
            assertEquals("MSA|AA|V1", Messages.msa(client.send(admit("V1", "MRN-A", "VN-A",
                    "DG1|1||R07.9^Chest pain, unspecified^I10|||A\rAL1|1|DA|70618^Penicillin^RXNORM|SV\r"))));
            assertEquals("MSA|AA|V2", Messages.msa(client.send(admit("V2", "MRN-B", "VN-B", ""))));
            String ack = client.send(move);
            assertEquals("MSA|AA|V3", Messages.msa(ack), ack);
        }
        String a = patientRef("MRN-A");
        String b = patientRef("MRN-B");
        assertEquals(0, find("Encounter", "subject=" + a).size(), "the visit left patient A");
        assertEquals(2, find("Encounter", "subject=" + b).size(), "B has its own visit and the moved one");
        Encounter moved = (Encounter) find("Encounter", "identifier=" + SYSTEM + "|VN-A").get(0);
        assertEquals(b, moved.getSubject().getReference());
        assertEquals(0, find("Condition", "subject=" + a).size());
        assertEquals(1, find("Condition", "subject=" + b).size(), "the visit's diagnosis moved with it");
        assertEquals(1, find("AllergyIntolerance", "patient=" + a).size(),
                "a patient-level allergy (no encounter) stays with its patient");
    }

    @Test
    void a29MarksThePersonsRecordEnteredInErrorAndKeepsTheMessage() throws Exception {
        start();
        try (MllpClient client = new MllpClient("localhost", port)) {
            assertEquals("MSA|AA|D1", Messages.msa(client.send(admit("D1", "MRN-D", "VN-D",
                    "DG1|1||R07.9^Chest pain, unspecified^I10|||A\rAL1|1|DA|70618^Penicillin^RXNORM|SV\r"))));
            String delete = "MSH|^~\\&|REGADT|GHH|GW|GWF|20240317080000||ADT^A29^ADT_A21|D2|P|2.5.1\r"
                    + "EVN|A29|20240317080000\rPID|1||MRN-D^^^GHH^MR||Everyman^Adam||19800214|M\r";
            assertEquals("MSA|AA|D2", Messages.msa(client.send(delete)));
        }
        String patient = patientRef("MRN-D");
        Patient stored = (Patient) engine.store().read(AccessContext.system(), "Patient",
                patient.substring("Patient/".length())).resource();
        assertFalse(stored.getActive());
        Encounter encounter = (Encounter) find("Encounter", "subject=" + patient).get(0);
        assertEquals(Encounter.EncounterStatus.ENTEREDINERROR, encounter.getStatus());
        Condition condition = (Condition) find("Condition", "subject=" + patient).get(0);
        assertEquals("entered-in-error", condition.getVerificationStatus().getCodingFirstRep().getCode());
        assertFalse(condition.hasClinicalStatus());
        AllergyIntolerance allergy = (AllergyIntolerance) find("AllergyIntolerance", "patient=" + patient).get(0);
        assertEquals("entered-in-error", allergy.getVerificationStatus().getCodingFirstRep().getCode());
        InboxAdmin admin = new InboxAdmin(db.dataSource());
        InboxAdmin.Detail detail = admin.get(row("D2").id()).orElseThrow();
        assertNotNull(detail.raw());
        assertTrue(detail.raw().contains("ADT^A29"), "the raw message is kept");
    }

    @Test
    void pendingEventsAreAppliedAndACancelledPendingTransferIsNoLongerPlanned() throws Exception {
        start();
        String pending = AdtStoryTest.adt("A14", "P1", "20240314080000", "W4^412^B", "", "");
        String a15 = AdtStoryTest.adt("A15", "P3", "20240315090000", "W4^412^B", "20240315080000+0000", "");
        String[] pv1 = a15.split("\r")[3].split("\\|", -1);
        pv1[42] = "W6^601^A^GHH";
        a15 = a15.replace(a15.split("\r")[3], String.join("|", pv1));
        try (MllpClient client = new MllpClient("localhost", port)) {
            assertEquals("MSA|AA|P1", Messages.msa(client.send(pending)), "a pending admit is applied, never refused");
            assertEquals(Encounter.EncounterStatus.PLANNED, visit().getStatus());
            assertEquals("MSA|AA|P2", Messages.msa(client.send(AdtStoryTest.adt("A01", "P2", "20240315080000",
                    "W4^412^B", "20240315080000+0000", ""))));
            assertEquals(Encounter.EncounterStatus.INPROGRESS, visit().getStatus());
            assertEquals("MSA|AA|P3", Messages.msa(client.send(a15)));
            assertTrue(visit().getLocation().stream().anyMatch(l -> l.getStatus() == Encounter.EncounterLocationStatus.PLANNED));
            assertEquals("MSA|AA|P4", Messages.msa(client.send(AdtStoryTest.adt("A26", "P4", "20240315100000",
                    "W4^412^B", "20240315080000+0000", ""))));
        }
        Encounter after = visit();
        assertFalse(after.getLocation().stream().anyMatch(l -> l.getStatus() == Encounter.EncounterLocationStatus.PLANNED),
                "the cancelled pending location is no longer planned");
        assertTrue(after.getLocation().stream().anyMatch(l -> l.getStatus() == Encounter.EncounterLocationStatus.ACTIVE
                && l.getLocation().getDisplay().startsWith("W4 ")), "the patient is still in the bed");
        for (String id : List.of("P1", "P2", "P3", "P4")) {
            assertEquals(InboxStatus.APPLIED, row(id).status(), id);
        }
    }

    private Encounter visit() {
        return (Encounter) find("Encounter", "identifier=" + SYSTEM + "|VN-1").get(0);
    }
}
