package org.fhirgateway.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.fhirgateway.mappers.MapperConfig;
import org.fhirgateway.mappers.MessageMapper;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.StoredResource;
import org.fhirgateway.server.testing.TestDatabases;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterEach;

/** The ADT story over a real MLLP socket into the real mapper and store, on PostgreSQL. */
class AdtStoryTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
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
                new WorkerSettings(2, Duration.ofSeconds(30), Duration.ofMillis(100), 50, "adt-story"));
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

    /** @param admitted PV1-44 @param discharged PV1-45 ("" when not discharged) */
    @Test
    void anUpdateKeepsWhatItDidNotSendAndDropsWhatItCleared() throws Exception {
        start();
        String a01 = adt("A01", "U1", "20240315080000", "W4^412^B", "20240315080000+0000", "");
        String a08 = adt("A08", "U2", "20240315090000", "W4^412^B", "20240315080000+0000", "")
                .replace("|M|||2222 Home Street^^Ann Arbor^MI^48104", "|\"\"|||")  // gender cleared, address not sent
                .replace("Everyman^Adam", "Everyman^Adam^Alan");                      // name changed
        try (MllpClient client = new MllpClient("localhost", port)) {
            assertEquals("MSA|AA|U1", Messages.msa(client.send(a01)));
            String ack = client.send(a08);
            assertEquals("MSA|AA|U2", Messages.msa(ack), ack);
        }
        InboxAdmin admin = new InboxAdmin(db.dataSource());
        long id = admin.list(new InboxAdmin.Query(null, null, "A08", null, null, null, 1)).rows().get(0).id();
        String patientRef = admin.get(id).orElseThrow().touched().stream().filter(t -> t.startsWith("Patient/")).findFirst().orElseThrow();
        Patient patient = (Patient) engine.store().read(AccessContext.system(), "Patient", patientRef.split("/")[1]).resource();
        assertEquals("Alan", patient.getNameFirstRep().getGiven().get(1).getValue(), "the A08's name");
        assertEquals("Ann Arbor", patient.getAddressFirstRep().getCity(), "address kept: the A08 did not send it");
        assertTrue(!patient.hasGender(), "gender cleared by the explicit null");
        assertTrue(patient.hasBirthDate());
    }

    @Test
    void cancelsUndoTheAdmitAndTheDischarge() throws Exception {
        start();
        String admitted = "20240315080000+0000";
        try (MllpClient client = new MllpClient("localhost", port)) {
            client.send(adt("A01", "K1", "20240315080000", "W4^412^B", admitted, ""));
            client.send(adt("A03", "K2", "20240316080000", "W4^412^B", admitted, "20240316080000+0000"));
            assertEquals("MSA|AA|K3", Messages.msa(client.send(adt("A13", "K3", "20240316090000", "W4^412^B", admitted, ""))));
        }
        Encounter afterA13 = encounterTouchedBy("A13");
        assertEquals(Encounter.EncounterStatus.INPROGRESS, afterA13.getStatus(), "discharge cancelled");
        assertTrue(!afterA13.getPeriod().hasEnd(), "no end after the discharge was cancelled");
        try (MllpClient client = new MllpClient("localhost", port)) {
            assertEquals("MSA|AA|K4", Messages.msa(client.send(adt("A11", "K4", "20240316100000", "W4^412^B", admitted, ""))));
        }
        assertEquals(Encounter.EncounterStatus.CANCELLED, encounterTouchedBy("A11").getStatus(), "admit cancelled");
    }

    @Test
    void aMergeMovesTheLosersRecordsToTheSurvivorAndTheOldIdentifierFindsIt() throws Exception {
        start();
        String loserAdmit = adt("A01", "G1", "20240315080000", "W4^412^B", "20240315080000+0000", "")
                .replace("MRN-7^^^GHH^MR", "MRN-LOSE^^^GHH^MR").replace("VN-1^^^GHH", "VN-L^^^GHH")
                + "DG1|1||R07.9^Chest pain, unspecified^I10|||A\r";
        String survivorAdmit = adt("A01", "G2", "20240316080000", "W5^501^A", "20240316080000+0000", "")
                .replace("MRN-7^^^GHH^MR", "MRN-KEEP^^^GHH^MR").replace("VN-1^^^GHH", "VN-K^^^GHH");
        String merge = "MSH|^~\\&|REGADT|GHH|GW|GWF|20240317080000||ADT^A40^ADT_A39|G3|P|2.5.1\r"
                + "EVN|A40|20240317080000\rPID|1||MRN-KEEP^^^GHH^MR||Everyman^Adam||19800214|M\r"
                + "MRG|MRN-LOSE^^^GHH^MR\r";
        try (MllpClient client = new MllpClient("localhost", port)) {
            assertEquals("MSA|AA|G1", Messages.msa(client.send(loserAdmit)));
            recordOfTheLoser("urn:fhirgateway:authority:GHH|MRN-LOSE");
            assertEquals("MSA|AA|G2", Messages.msa(client.send(survivorAdmit)));
            String ack = client.send(merge);
            assertEquals("MSA|AA|G3", Messages.msa(ack), ack);
        }
        var search = engine.search();
        String system = "urn:fhirgateway:authority:GHH";
        List<org.hl7.fhir.r4.model.Resource> survivors = search.search(AccessContext.system(),
                org.fhirgateway.server.search.SearchRequest.of("Patient", "identifier=" + system + "|MRN-KEEP")).matches();
        assertEquals(1, survivors.size());
        String survivorRef = "Patient/" + survivors.get(0).getIdElement().getIdPart();
        List<org.hl7.fhir.r4.model.Resource> byOld = search.search(AccessContext.system(),
                org.fhirgateway.server.search.SearchRequest.of("Patient", "identifier=" + system + "|MRN-LOSE&active=true")).matches();
        assertEquals(List.of(survivorRef), byOld.stream().map(r -> "Patient/" + r.getIdElement().getIdPart()).toList(),
                "the old identifier finds the survivor");
        List<org.hl7.fhir.r4.model.Resource> encounters = search.search(AccessContext.system(),
                org.fhirgateway.server.search.SearchRequest.of("Encounter", "subject=" + survivorRef)).matches();
        assertEquals(2, encounters.size(), "the survivor's and the loser's encounter");
        List<org.hl7.fhir.r4.model.Resource> conditions = search.search(AccessContext.system(),
                org.fhirgateway.server.search.SearchRequest.of("Condition", "subject=" + survivorRef)).matches();
        assertEquals(1, conditions.size(), "the loser's condition moved");
        String loserRef = "Patient/" + search.search(AccessContext.system(), org.fhirgateway.server.search.SearchRequest
                .of("Patient", "identifier=" + system + "|MRN-LOSE&active=false")).matches().get(0).getIdElement().getIdPart();
        for (String[] typeAndParameter : new String[][] {{"Observation", "subject"}, {"DiagnosticReport", "subject"},
                {"AllergyIntolerance", "patient"}, {"Coverage", "beneficiary"}, {"RelatedPerson", "patient"}}) {
            String type = typeAndParameter[0];
            String parameter = typeAndParameter[1];
            assertEquals(0, count(type, parameter + "=" + loserRef), type + " left with the loser");
            assertEquals(type.equals("Observation") ? MergeRepoint.PAGE + 1 : 1, count(type, parameter + "=" + survivorRef),
                    type + " moved to the survivor");
        }
    }

    /**
     * More of the losing patient's record than the mapped admit made: more observations than one search page, and one
     * resource of each other type that points at its patient, written straight into the store.
     */
    private void recordOfTheLoser(String identifier) {
        String loser = "Patient/" + engine.search().search(AccessContext.system(),
                org.fhirgateway.server.search.SearchRequest.of("Patient", "identifier=" + identifier)).matches().get(0)
                .getIdElement().getIdPart();
        org.hl7.fhir.r4.model.Bundle record = new org.hl7.fhir.r4.model.Bundle()
                .setType(org.hl7.fhir.r4.model.Bundle.BundleType.TRANSACTION);
        List<org.hl7.fhir.r4.model.Resource> resources = new java.util.ArrayList<>();
        for (int i = 0; i <= MergeRepoint.PAGE; i++) {
            org.hl7.fhir.r4.model.Observation o = new org.hl7.fhir.r4.model.Observation();
            o.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL);
            o.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
            o.setSubject(new org.hl7.fhir.r4.model.Reference(loser));
            resources.add(o);
        }
        org.hl7.fhir.r4.model.DiagnosticReport report = new org.hl7.fhir.r4.model.DiagnosticReport();
        report.setStatus(org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus.FINAL);
        report.getCode().setText("panel");
        report.setSubject(new org.hl7.fhir.r4.model.Reference(loser));
        resources.add(report);
        org.hl7.fhir.r4.model.AllergyIntolerance allergy = new org.hl7.fhir.r4.model.AllergyIntolerance();
        allergy.getCode().setText("penicillin");
        allergy.setPatient(new org.hl7.fhir.r4.model.Reference(loser));
        resources.add(allergy);
        org.hl7.fhir.r4.model.Coverage coverage = new org.hl7.fhir.r4.model.Coverage();
        coverage.setStatus(org.hl7.fhir.r4.model.Coverage.CoverageStatus.ACTIVE);
        coverage.setBeneficiary(new org.hl7.fhir.r4.model.Reference(loser));
        coverage.addPayor().setDisplay("Payer");
        resources.add(coverage);
        org.hl7.fhir.r4.model.RelatedPerson kin = new org.hl7.fhir.r4.model.RelatedPerson();
        kin.setPatient(new org.hl7.fhir.r4.model.Reference(loser));
        resources.add(kin);
        for (org.hl7.fhir.r4.model.Resource r : resources) {
            record.addEntry().setResource(r).getRequest().setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.POST)
                    .setUrl(r.fhirType());
        }
        engine.store().transaction(AccessContext.system(), record);
    }

    private long count(String type, String query) {
        return engine.search().search(AccessContext.system(),
                org.fhirgateway.server.search.SearchRequest.of(type, query + "&_total=accurate&_count=1")).total()
                .orElseThrow();
    }

    private Encounter encounterTouchedBy(String event) throws Exception {
        InboxAdmin admin = new InboxAdmin(db.dataSource());
        long id = admin.list(new InboxAdmin.Query(null, null, event, null, null, null, 1)).rows().get(0).id();
        String ref = admin.get(id).orElseThrow().touched().stream().filter(t -> t.startsWith("Encounter/")).findFirst().orElseThrow();
        return (Encounter) engine.store().read(AccessContext.system(), "Encounter", ref.split("/")[1]).resource();
    }

    static String adt(String event, String id, String time, String location, String admitted, String discharged) {
        String[] pv1 = new String[46];
        java.util.Arrays.fill(pv1, "");
        pv1[0] = "PV1";
        pv1[1] = "1";
        pv1[2] = "I";
        pv1[3] = location + "^GHH";
        pv1[7] = "0100^Attend^Anna";
        pv1[19] = "VN-1^^^GHH^VN";
        pv1[44] = admitted;
        pv1[45] = discharged;
        return "MSH|^~\\&|REGADT|GHH|GW|GWF|" + time + "||ADT^" + event + "^ADT_A01|" + id + "|P|2.5.1\r"
                + "EVN|" + event + "|" + time + "\r"
                + "PID|1||MRN-7^^^GHH^MR||Everyman^Adam||19800214|M|||2222 Home Street^^Ann Arbor^MI^48104\r"
                + String.join("|", pv1) + "\r";
    }

    @Test
    void admitTransferDischargeLeaveOneEncounterWithLocationHistoryAndPeriod() throws Exception {
        start();
        String admitted = "20240315080000+0000";
        String discharged = "20240317120000+0000";
        try (MllpClient client = new MllpClient("localhost", port)) {
            String first = client.send(adt("A01", "S1", "20240315080000", "W4^412^B", admitted, ""));
            assertEquals("MSA|AA|S1", Messages.msa(first), first);
            assertEquals("MSA|AA|S2", Messages.msa(client.send(adt("A02", "S2", "20240316090000", "W5^501^A", admitted, ""))));
            assertEquals("MSA|AA|S3", Messages.msa(client.send(adt("A03", "S3", "20240317120000", "W5^501^A", admitted, discharged))));
        }
        InboxAdmin admin = new InboxAdmin(db.dataSource());
        List<InboxAdmin.Summary> rows = admin.list(new InboxAdmin.Query(null, null, null, null, null, null, 10)).rows();
        assertEquals(3, rows.size());
        rows.forEach(r -> assertEquals(InboxStatus.APPLIED, r.status(), r.controlId() + " " + r.errorText()));
        List<String> encounters = admin.get(rows.get(0).id()).orElseThrow().touched().stream()
                .filter(t -> t.startsWith("Encounter/")).collect(Collectors.toList());
        assertEquals(1, encounters.size(), "one Encounter touched by the A03");
        String[] ref = encounters.get(0).split("/");
        StoredResource stored = engine.store().read(AccessContext.system(), "Encounter", ref[1]);
        Encounter encounter = (Encounter) stored.resource();
        assertEquals(Encounter.EncounterStatus.FINISHED, encounter.getStatus());
        assertTrue(encounter.getPeriod().hasStart() && encounter.getPeriod().hasEnd(), "period start and end");
        for (InboxAdmin.Summary row : rows) {
            assertTrue(admin.get(row.id()).orElseThrow().touched().stream().anyMatch(t -> t.startsWith("Encounter/" + ref[1])),
                    "all three messages touched the same Encounter");
        }
        assertEquals(4, encounter.getLocation().size(), "location history: the A01 bed and its unit, then the A02 bed and its unit");
        assertEquals(Encounter.EncounterLocationStatus.COMPLETED, encounter.getLocation().get(0).getStatus());
        assertTrue(encounter.getLocation().get(0).getLocation().getDisplay().startsWith("W4 "));
        assertEquals("W4", encounter.getLocation().get(1).getLocation().getDisplay());
        assertEquals("wa", encounter.getLocation().get(1).getPhysicalType().getCodingFirstRep().getCode());
        assertTrue(encounter.getLocation().get(2).getLocation().getDisplay().startsWith("W5 "));
        assertEquals("W5", encounter.getLocation().get(3).getLocation().getDisplay());
        String patientId = encounter.getSubject().getReferenceElement().getIdPart();
        Patient patient = (Patient) engine.store().read(AccessContext.system(), "Patient", patientId).resource();
        assertEquals("Everyman", patient.getNameFirstRep().getFamily());
    }
}
