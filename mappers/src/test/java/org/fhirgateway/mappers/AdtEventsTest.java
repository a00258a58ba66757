package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.MAPPER;
import static org.fhirgateway.mappers.TestMessages.load;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.fhirgateway.mappers.TestMessages.resources;
import static org.fhirgateway.mappers.TestMessages.withField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.fhirgateway.profiles.ResourceValidator;
import org.hl7.fhir.r4.model.Account;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterLocationComponent;
import org.hl7.fhir.r4.model.Encounter.EncounterLocationStatus;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** The ADT events added for issue 17: what each does to the visit, the patient, the account and the allergies. */
class AdtEventsTest {

    private static final String BASE = load("messages/ADT-A01-clean.hl7");
    private static final ResourceValidator VALIDATOR = new ResourceValidator(FhirContext.forR4Cached());

    private static String as(String event) {
        return BASE.replace("|ADT^A01^ADT_A01|", "|ADT^" + event + "^ADT_" + event + "|")
                .replace("\rEVN|A01|", "\rEVN|" + event + "|");
    }

    private static MappingResult map(String message) throws MappingException {
        MappingResult result = MAPPER.map(message);
        assertEquals(List.of(), VALIDATOR.errors(result.bundle()), "validates");
        return result;
    }

    private static Encounter encounter(String event) throws MappingException {
        return only(map(as(event)).bundle(), Encounter.class);
    }

    /** location display -> status */
    private static Map<String, EncounterLocationStatus> locations(Encounter encounter) {
        return encounter.getLocation().stream().filter(l -> !l.hasPhysicalType())
                .collect(Collectors.toMap(l -> l.getLocation().getDisplay(), EncounterLocationComponent::getStatus,
                        (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static EncounterLocationComponent location(Encounter encounter, String display) {
        return encounter.getLocation().stream().filter(l -> display.equals(l.getLocation().getDisplay()))
                .findFirst().orElseThrow(() -> new AssertionError("no location " + display));
    }

    @Test
    void statusPerVisitEvent() throws MappingException {
        Map<String, EncounterStatus> expected = Map.ofEntries(Map.entry("A09", EncounterStatus.INPROGRESS),
                Map.entry("A10", EncounterStatus.INPROGRESS), Map.entry("A14", EncounterStatus.PLANNED),
                Map.entry("A15", EncounterStatus.INPROGRESS), Map.entry("A16", EncounterStatus.INPROGRESS),
                Map.entry("A21", EncounterStatus.ONLEAVE), Map.entry("A22", EncounterStatus.INPROGRESS),
                Map.entry("A23", EncounterStatus.ENTEREDINERROR), Map.entry("A25", EncounterStatus.INPROGRESS),
                Map.entry("A26", EncounterStatus.INPROGRESS), Map.entry("A27", EncounterStatus.CANCELLED));
        for (Map.Entry<String, EncounterStatus> e : expected.entrySet()) {
            assertEquals(e.getValue(), encounter(e.getKey()).getStatus(), e.getKey());
        }
    }

    private static Encounter encounterOf(String message) throws MappingException {
        return only(map(message).bundle(), Encounter.class);
    }

    /** EVN-2 of the base message, in the test zone */
    private static final String EVENT_TIME = "2024-03-15T08:25:00+01:00";

    @Test
    void a09DepartsToTheTemporaryLocationAndHoldsTheBed() throws MappingException {
        Encounter encounter = encounterOf(withField(as("A09"), "PV1", 11, "XRAY^1"));
        assertEquals(EncounterLocationStatus.RESERVED, location(encounter, "W4 412 B").getStatus());
        EncounterLocationComponent temporary = location(encounter, "XRAY 1");
        assertEquals(EncounterLocationStatus.ACTIVE, temporary.getStatus());
        assertEquals(EVENT_TIME, temporary.getPeriod().getStartElement().getValueAsString());
    }

    @Test
    void a10ArrivesAndLeavesTheTemporaryLocation() throws MappingException {
        Encounter encounter = encounterOf(withField(as("A10"), "PV1", 43, "XRAY^1"));
        EncounterLocationComponent bed = location(encounter, "W4 412 B");
        assertEquals(EncounterLocationStatus.ACTIVE, bed.getStatus());
        assertEquals(EVENT_TIME, bed.getPeriod().getStartElement().getValueAsString());
        EncounterLocationComponent left = location(encounter, "XRAY 1");
        assertEquals(EncounterLocationStatus.COMPLETED, left.getStatus());
        assertEquals(EVENT_TIME, left.getPeriod().getEndElement().getValueAsString());
    }

    @Test
    void leaveOfAbsenceHoldsTheBedAndTheReturnTakesItAgain() throws MappingException {
        assertEquals(EncounterLocationStatus.RESERVED, location(encounter("A21"), "W4 412 B").getStatus());
        assertEquals(EncounterLocationStatus.ACTIVE, location(encounter("A22"), "W4 412 B").getStatus());
    }

    @Test
    void aPendingTransferPlansPv142AndItsCancelDropsIt() throws MappingException {
        assertEquals(EncounterLocationStatus.PLANNED,
                location(encounterOf(withField(as("A15"), "PV1", 42, "W6^601")), "W6 601").getStatus());
        MappingResult cancelled = map(withField(as("A26"), "PV1", 42, "W6^601"));
        Encounter encounter = only(cancelled.bundle(), Encounter.class);
        assertFalse(locations(encounter).containsKey("W6 601"), "no longer planned");
        assertTrue(cancelled.issues().stream().anyMatch(i -> "PV1-42".equals(i.field())));
        assertEquals(EncounterLocationStatus.PLANNED, location(encounter("A14"), "W4 412 B").getStatus(),
                "a pending admit plans the bed");
        assertEquals(EncounterLocationStatus.COMPLETED, location(encounter("A27"), "W4 412 B").getStatus());
    }

    private static final String TWO_PATIENTS = "MSH|^~\\&|REGADT|GHH|GW|GWF|20240315083000||ADT^%s|C-2|P|2.5.1\r"
            + "EVN|%s|20240315082500\r"
            + "PID|1||MRN-1^^^GHH^MR||One^Ann||19800101|F\r"
            + "PV1|1|I|W4^412^B^GHH||||||||||||||||VN-1^^^GHH^VN\r"
            + "PID|2||MRN-2^^^GHH^MR||Two^Bea||19810202|F\r"
            + "PV1|1|I|W5^501^A^GHH||||||||||||||||VN-2^^^GHH^VN\r";

    @Test
    void a17SwapsTheBeds() throws MappingException {
        Bundle bundle = map(String.format(TWO_PATIENTS, "A17", "A17")).bundle();
        List<Encounter> encounters = resources(bundle, Encounter.class);
        assertEquals(2, encounters.size());
        List<Patient> patients = resources(bundle, Patient.class);
        assertEquals(2, patients.size());
        for (Encounter encounter : encounters) {
            boolean first = encounter.getIdentifierFirstRep().getValue().equals("VN-1");
            String now = first ? "W5 501 A" : "W4 412 B";
            String left = first ? "W4 412 B" : "W5 501 A";
            assertEquals(EncounterStatus.INPROGRESS, encounter.getStatus());
            assertEquals(EncounterLocationStatus.ACTIVE, location(encounter, now).getStatus());
            assertEquals(EVENT_TIME, location(encounter, now).getPeriod()
                    .getStartElement().getValueAsString());
            assertEquals(EncounterLocationStatus.COMPLETED, location(encounter, left).getStatus());
            String subject = encounter.getSubject().getReference();
            Patient owner = (Patient) bundle.getEntry().stream().filter(e -> e.getFullUrl().equals(subject))
                    .findFirst().orElseThrow().getResource();
            assertEquals(first ? "MRN-1" : "MRN-2", owner.getIdentifierFirstRep().getValue());
        }
        MappingResult result = MAPPER.map(String.format(TWO_PATIENTS, "A17", "A17"));
        assertTrue(result.source().patientKey().endsWith("|MRN-1"), "ordered by the first patient");
        assertThrows(MappingException.class, () -> MAPPER.map(String.format(TWO_PATIENTS, "A17", "A17")
                .substring(0, String.format(TWO_PATIENTS, "A17", "A17").indexOf("PID|2"))));
    }

    @Test
    void a24LinksTheTwoRecords() throws MappingException {
        Bundle bundle = map(String.format(TWO_PATIENTS, "A24", "A24")).bundle();
        List<Patient> patients = resources(bundle, Patient.class);
        assertEquals(2, patients.size());
        String[] urls = bundle.getEntry().stream().filter(e -> e.getResource() instanceof Patient)
                .map(Bundle.BundleEntryComponent::getFullUrl).toArray(String[]::new);
        assertEquals(urls[1], patients.get(0).getLinkFirstRep().getOther().getReference());
        assertEquals(urls[0], patients.get(1).getLinkFirstRep().getOther().getReference());
        assertEquals(Patient.LinkType.SEEALSO, patients.get(0).getLinkFirstRep().getType());
        assertTrue(resources(bundle, Encounter.class).isEmpty(), "A24 maps no visit");
    }

    @Test
    void a29WritesThePersonInactive() throws MappingException {
        Patient patient = only(map(as("A29")).bundle(), Patient.class);
        assertFalse(patient.getActive());
        assertTrue(resources(map(as("A29")).bundle(), Encounter.class).isEmpty(), "person-only event");
    }

    @Test
    void a41MergesTheAccount() throws MappingException {
        String message = withField(as("A41"), "PID", 18, "ACC-NEW^^^GHH^AN")
                + "\rMRG|MRN-0042^^^GHH^MR||ACC-OLD^^^GHH^AN";
        // MRG belongs after the PID group: move it before PV1 as the A41 structure has it
        message = message.replace("\rPV1|", "\rMRG|MRN-0042^^^GHH^MR||ACC-OLD^^^GHH^AN\rPV1|")
                .replace("\rMRG|MRN-0042^^^GHH^MR||ACC-OLD^^^GHH^AN" + "\u0000", "");
        message = message.substring(0, message.lastIndexOf("\rMRG|"));
        List<Account> accounts = resources(map(message).bundle(), Account.class);
        assertEquals(2, accounts.size());
        Account survivor = accounts.stream().filter(a -> a.getIdentifierFirstRep().getValue().equals("ACC-NEW")).findFirst().orElseThrow();
        Account prior = accounts.stream().filter(a -> a.getIdentifierFirstRep().getValue().equals("ACC-OLD")).findFirst().orElseThrow();
        assertEquals(Account.AccountStatus.ACTIVE, survivor.getStatus());
        assertEquals(Account.AccountStatus.INACTIVE, prior.getStatus());
        assertEquals("merged into account ACC-NEW", prior.getDescription());
        assertTrue(resources(map(message).bundle(), Encounter.class).isEmpty(), "the visit is not mapped");
    }

    @Test
    void a45MovesTheVisitToThePidPatient() throws MappingException {
        String message = as("A45").replace("\rPV1|", "\rMRG|MRN-OTHER^^^GHH^MR||||VN-OLD^^^GHH^VN\rPV1|");
        Bundle bundle = map(message).bundle();
        Bundle.BundleEntryComponent entry = bundle.getEntry().stream()
                .filter(e -> e.getResource() instanceof Encounter).findFirst().orElseThrow();
        assertTrue(entry.getRequest().getUrl().endsWith("|VN-OLD"), "the stored visit is found by MRG-5: "
                + entry.getRequest().getUrl());
        Encounter encounter = (Encounter) entry.getResource();
        assertEquals("VN-778899", encounter.getIdentifierFirstRep().getValue(), "and gets PV1-19");
        String patientUrl = bundle.getEntry().stream().filter(e -> e.getResource() instanceof Patient)
                .findFirst().orElseThrow().getFullUrl();
        assertEquals(patientUrl, encounter.getSubject().getReference());
        assertEquals(1, resources(bundle, Patient.class).size(), "the prior patient is not written");
    }

    @Test
    void a47ChangesTheIdentifierOfTheStoredPatient() throws MappingException {
        String message = "MSH|^~\\&|REGADT|GHH|GW|GWF|20240315083000||ADT^A47^ADT_A30|C-47|P|2.5.1\r"
                + "EVN|A47|20240315082500\rPID|1||MRN-NEW^^^GHH^MR||Everyman^Adam||19800214|M\r"
                + "MRG|MRN-WRONG^^^GHH^MR\r";
        MappingResult result = map(message);
        Bundle.BundleEntryComponent entry = result.bundle().getEntry().stream()
                .filter(e -> e.getResource() instanceof Patient).findFirst().orElseThrow();
        assertTrue(entry.getRequest().getUrl().endsWith("|MRN-WRONG"), entry.getRequest().getUrl());
        Patient patient = (Patient) entry.getResource();
        assertEquals(List.of("MRN-NEW"), patient.getIdentifier().stream().map(i -> i.getValue()).toList());
        assertTrue(result.source().patientKey().endsWith("|MRN-NEW"));
        MappingException missing = assertThrows(MappingException.class,
                () -> MAPPER.map(message.replace("MRG|MRN-WRONG^^^GHH^MR", "MRG|")));
        assertEquals(MappingException.Code.REQUIRED_FIELD_MISSING, missing.code());
        assertEquals("MRG-1", missing.field());
    }

    @Test
    void a60MapsIamToAllergyIntolerance() throws MappingException {
        String iam = "IAM|1|DA^Drug allergy^HL70127|70618^Penicillin^RXNORM|SV^Severe^HL70128|Hives~Wheezing"
                + "|A^Add^HL70206|AL-9^GHH||||20200101|||20240310|Everyman^Eve|SPO||A";
        String message = as("A60").replace("\rPV2|", "\r" + iam + "\rNTE|1||seen in 2020\rPV2|")
                .replace("\rAL1|1|DA|70618^Penicillin^RXNORM|SV|Hives~Wheezing", "");
        AllergyIntolerance allergy = only(map(message).bundle(), AllergyIntolerance.class);
        assertEquals("AL-9", allergy.getIdentifierFirstRep().getValue(), "IAM-7");
        assertEquals("70618", allergy.getCode().getCodingFirstRep().getCode());
        assertEquals(AllergyIntolerance.AllergyIntoleranceCategory.MEDICATION, allergy.getCategory().get(0).getValue());
        assertEquals(AllergyIntolerance.AllergyIntoleranceCriticality.HIGH, allergy.getCriticality());
        assertEquals(List.of("Hives", "Wheezing"), allergy.getReaction().stream()
                .map(r -> r.getManifestationFirstRep().getText()).toList());
        assertEquals("2020-01-01", allergy.getOnsetDateTimeType().getValueAsString());
        assertEquals("active", allergy.getClinicalStatus().getCodingFirstRep().getCode());
        assertTrue(allergy.getAsserter().getDisplay().contains("Everyman"), "reported by a relative (IAM-14, IAM-15)");
        assertEquals("seen in 2020", allergy.getNoteFirstRep().getText());
        AllergyIntolerance deleted = only(map(message.replace("|A^Add^HL70206|", "|D^Delete^HL70206|")).bundle(),
                AllergyIntolerance.class);
        assertEquals("entered-in-error", deleted.getVerificationStatus().getCodingFirstRep().getCode());
        assertFalse(deleted.hasClinicalStatus());
        assertNull(only(map(message).bundle(), Encounter.class).getPeriod().getEnd());
    }
}
