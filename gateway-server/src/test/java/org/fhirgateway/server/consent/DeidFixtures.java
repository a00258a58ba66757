package org.fhirgateway.server.consent;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.*;

/** Realistic identified resources for the de-identification tests. */
final class DeidFixtures {

    static final String LOINC = "http://loinc.org";
    static final String SNOMED = "http://snomed.info/sct";
    static final Date INSTANT = new InstantType("2026-03-04T09:31:12.345-05:00").getValue();

    private DeidFixtures() {
    }

    /** Mary Ellen Johnson, born 1930-05-17: 96 at 2026-12-07. */
    static Patient oldPatient() {
        Patient p = new Patient();
        p.setId("pat-4711");
        p.getMeta().setVersionId("3").setLastUpdated(INSTANT).setSource("http://hospital-a.example/his#adt")
                .addSecurity(SecurityLabel.RESTRICTED.system(), SecurityLabel.RESTRICTED.code(), null);
        p.getText().setStatus(Narrative.NarrativeStatus.GENERATED).setDivAsString("<div>Mary Ellen Johnson</div>");
        p.addIdentifier().setSystem("http://hospital-a.example/mrn").setValue("MRN-889911");
        p.addIdentifier().setSystem("http://hl7.org/fhir/sid/us-ssn").setValue("123-45-6789");
        p.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily("Johnson").addGiven("Mary").addGiven("Ellen");
        p.addName().setUse(HumanName.NameUse.NICKNAME).setFamily("Smythe").addGiven("Molly");
        p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("(617) 555-0142");
        p.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue("mary.johnson@example.com");
        p.addTelecom().setSystem(ContactPoint.ContactPointSystem.FAX).setValue("617-555-0199");
        p.setGender(Enumerations.AdministrativeGender.FEMALE);
        p.setBirthDateElement(new DateType("1930-05-17"));
        p.getBirthDateElement().addExtension("http://hl7.org/fhir/StructureDefinition/patient-birthTime",
                new DateTimeType("1930-05-17T04:12:00-05:00"));
        p.addExtension("http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName", new StringType("Pemberton"));
        p.addAddress().addLine("12 Elm Street").addLine("Apt 4B").setCity("Keene").setDistrict("Cheshire")
                .setState("NH").setPostalCode("03601").setCountry("US").setText("12 Elm Street, Keene NH 03601")
                .setPeriod(new Period().setStartElement(new DateTimeType("2001-06-01")));
        p.addAddress().addLine("350 Fifth Avenue").setCity("New York").setState("NY").setPostalCode("10001")
                .setPeriod(new Period().setStartElement(new DateTimeType("2015-01-15"))
                        .setEndElement(new DateTimeType("2019-11-30")));
        p.getMaritalStatus().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-MaritalStatus")
                .setCode("M").setDisplay("Married");
        p.setMultipleBirth(new BooleanType(false));
        p.addPhoto().setContentType("image/jpeg").setData("face".getBytes(StandardCharsets.UTF_8))
                .setUrl("http://hospital-a.example/photos/4711.jpg");
        Patient.ContactComponent contact = p.addContact();
        contact.addRelationship().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v2-0131").setCode("N");
        contact.setName(new HumanName().setFamily("Johnson").addGiven("Robert"));
        contact.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("617-555-0177");
        contact.setAddress(new Address().addLine("77 Oak Road").setCity("Keene"));
        p.addGeneralPractitioner(new Reference("Practitioner/prac-77").setDisplay("Dr. Alan Grant"));
        p.setManagingOrganization(new Reference("Organization/org-hosp-a").setDisplay("Hospital A"));
        p.addLink().setOther(new Reference("Patient/pat-0815")).setType(Patient.LinkType.SEEALSO);
        p.addCommunication().getLanguage().addCoding().setSystem("urn:ietf:bcp:47").setCode("en");
        return p;
    }

    /** Carlos Mendes, born 1980-02-29. */
    static Patient youngPatient() {
        Patient p = new Patient();
        p.setId("pat-4712");
        p.addName().setFamily("Mendes").addGiven("Carlos");
        p.addIdentifier().setSystem("http://hospital-a.example/mrn").setValue("MRN-889912");
        p.setBirthDateElement(new DateType("1980-02-29"));
        p.setDeceased(new DateTimeType("2026-08-14T22:05:00-04:00"));
        p.addAddress().setState("MA").setPostalCode("02139-4307").addLine("1 Main St");
        return p;
    }

    static Encounter encounter() {
        Encounter e = new Encounter();
        e.setId("enc-1001");
        e.addIdentifier().setSystem("http://hospital-a.example/visit").setValue("V-20260101-77");
        e.setStatus(Encounter.EncounterStatus.FINISHED);
        e.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
        e.setSubject(new Reference("Patient/pat-4711").setDisplay("Mary Johnson"));
        e.addParticipant().setIndividual(new Reference("Practitioner/prac-77").setDisplay("Dr. Alan Grant"))
                .setPeriod(new Period().setStartElement(new DateTimeType("2026-03-04T09:15:00-05:00")));
        e.setPeriod(new Period().setStartElement(new DateTimeType("2026-03-04T09:15:00-05:00"))
                .setEndElement(new DateTimeType("2026-03-04T10:00:00-05:00")));
        e.addLocation().setLocation(new Reference("Location/loc-3").setDisplay("Room 12, Johnson wing"));
        e.setServiceProvider(new Reference("https://other.example/fhir/Organization/9"));
        e.addReasonCode().setText("chest pain");
        return e;
    }

    static Observation heartRate() {
        Observation o = new Observation();
        o.setId("obs-1");
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().addCoding(new Coding(LOINC, "8867-4", "Heart rate"));
        o.setSubject(new Reference("Patient/pat-4711"));
        o.setEffective(new DateTimeType("2026-03-04T09:20:00Z"));
        o.setIssued(INSTANT);
        o.setValue(new Quantity().setValue(72).setUnit("/min").setSystem(SafeHarborValues.UCUM).setCode("/min"));
        o.addNote().setText("called Mary at home on 617-555-0142");
        o.addPerformer(new Reference("Practitioner/prac-77").setDisplay("Dr. Alan Grant"));
        return o;
    }

    static Observation comment() {
        Observation o = new Observation();
        o.setId("obs-2");
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().setText("Nursing comment");
        o.setValue(new StringType("Patient Mary Johnson reports dizziness"));
        o.addComponent().setCode(new CodeableConcept().setText("remark")).setValue(new StringType("Robert visited"));
        return o;
    }

    static Observation age() {
        Observation o = new Observation();
        o.setId("obs-3");
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().addCoding(new Coding(LOINC, "30525-0", "Age"));
        o.setValue(new Quantity().setValue(96).setUnit("years").setSystem(SafeHarborValues.UCUM).setCode("a"));
        return o;
    }

    static Condition oldOnset() {
        Condition c = new Condition();
        c.setId("cond-1");
        c.getCode().addCoding(new Coding(SNOMED, "38341003", "Hypertensive disorder"));
        c.setSubject(new Reference("Patient/pat-4711"));
        Age onset = new Age();
        onset.setValue(93).setUnit("years").setSystem(SafeHarborValues.UCUM).setCode("a");
        c.setOnset(onset);
        c.setRecordedDateElement(new DateTimeType("2026-03-04"));
        c.addNote().setText("Mary's daughter Jane reports");
        c.setRecorder(new Reference("Practitioner/prac-77").setDisplay("Dr. Alan Grant"));
        return c;
    }

    static Condition youngOnset() {
        Condition c = new Condition();
        c.setId("cond-2");
        c.getCode().addCoding(new Coding(SNOMED, "44054006", "Diabetes mellitus type 2"));
        c.setSubject(new Reference("Patient/pat-4712"));
        c.setOnset(new DateTimeType("1999-07-14"));
        Age abatement = new Age();
        abatement.setValue(45).setUnit("years").setSystem(SafeHarborValues.UCUM).setCode("a");
        c.setAbatement(abatement);
        return c;
    }

    static Procedure procedure() {
        Procedure p = new Procedure();
        p.setId("proc-1");
        p.setStatus(Procedure.ProcedureStatus.COMPLETED);
        p.getCode().addCoding(new Coding(SNOMED, "80146002", "Appendectomy"));
        p.setSubject(new Reference("Patient/pat-4712"));
        p.setPerformed(new Period().setStartElement(new DateTimeType("2024-11-02T08:00:00Z"))
                .setEndElement(new DateTimeType("2024-11-02T09:10:00Z")));
        p.addPerformer().setActor(new Reference("Practitioner/prac-77").setDisplay("Dr. Alan Grant"));
        p.addNote().setText("uneventful, Carlos tolerated well");
        return p;
    }

    static DiagnosticReport report() {
        DiagnosticReport r = new DiagnosticReport();
        r.setId("rep-1");
        r.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
        r.getCode().addCoding(new Coding(LOINC, "58410-2", "CBC panel"));
        r.setSubject(new Reference("Patient/pat-4711"));
        r.setEffective(new Period().setStartElement(new DateTimeType("2026-03-04T09:00:00Z")));
        r.setIssued(INSTANT);
        r.addResult(new Reference("Observation/obs-1"));
        r.setConclusion("Mary Johnson: normal CBC");
        r.addPresentedForm().setContentType("application/pdf").setData("report".getBytes(StandardCharsets.UTF_8))
                .setUrl("http://hospital-a.example/reports/1.pdf").setTitle("CBC for Mary Johnson");
        return r;
    }

    static AllergyIntolerance allergy() {
        AllergyIntolerance a = new AllergyIntolerance();
        a.setId("alg-1");
        a.getCode().addCoding(new Coding(SNOMED, "91936005", "Allergy to penicillin"));
        a.setPatient(new Reference("Patient/pat-4711"));
        a.setRecordedDateElement(new DateTimeType("2020-01-05T10:00:00Z"));
        a.setOnset(new DateTimeType("1962-08-01"));
        a.setRecorder(new Reference("Practitioner/prac-77").setDisplay("Dr. Alan Grant"));
        a.addReaction().setDescription("hives after dose given by Robert").addManifestation()
                .addCoding(new Coding(SNOMED, "247472004", "Hives"));
        return a;
    }

    static Immunization immunization() {
        Immunization i = new Immunization();
        i.setId("imm-1");
        i.setStatus(Immunization.ImmunizationStatus.COMPLETED);
        i.getVaccineCode().addCoding(new Coding("http://hl7.org/fhir/sid/cvx", "140", "Influenza, seasonal"));
        i.setPatient(new Reference("Patient/pat-4711"));
        i.setOccurrence(new DateTimeType("2025-10-12T11:00:00-04:00"));
        i.setLotNumber("LOT-A77");
        i.addPerformer().setActor(new Reference("Practitioner/prac-77"));
        return i;
    }

    static Coverage coverage() {
        Coverage c = new Coverage();
        c.setId("cov-1");
        c.addIdentifier().setValue("ACCT-55501");
        c.setStatus(Coverage.CoverageStatus.ACTIVE);
        c.setSubscriberId("SUB-99812");
        c.setBeneficiary(new Reference("Patient/pat-4711"));
        c.addPayor(new Reference("Organization/org-payer"));
        c.addClass_().setType(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/coverage-class", "group", null)))
                .setValue("GRP-123").setName("Gold Plan");
        return c;
    }

    static Practitioner practitioner() {
        Practitioner p = new Practitioner();
        p.setId("prac-77");
        p.addIdentifier().setSystem("http://hl7.org/fhir/sid/us-npi").setValue("1234567893");
        p.addName().setFamily("Grant").addGiven("Alan").addPrefix("Dr.");
        p.addTelecom().setValue("alan.grant@hospital-a.example");
        p.addAddress().addLine("1 Hospital Drive").setCity("Keene").setState("NH").setPostalCode("03431");
        p.setBirthDateElement(new DateType("1961-09-09"));
        p.addQualification().getCode().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v2-0360", "MD", null));
        return p;
    }

    static Organization organization() {
        Organization o = new Organization();
        o.setId("org-hosp-a");
        o.addIdentifier().setValue("ORG-7");
        o.setName("Hospital A of Keene");
        o.addTelecom().setValue("603-555-0100");
        o.addAddress().addLine("1 Hospital Drive").setCity("Keene").setState("NH").setPostalCode("03431");
        return o;
    }

    static RelatedPerson relatedPerson() {
        RelatedPerson r = new RelatedPerson();
        r.setId("rp-1");
        r.setPatient(new Reference("Patient/pat-4711"));
        r.addRelationship().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v3-RoleCode").setCode("SON");
        r.addName().setFamily("Johnson").addGiven("Robert");
        r.addTelecom().setValue("617-555-0177");
        r.setBirthDateElement(new DateType("1925-01-01"));
        return r;
    }

    static Provenance provenance() {
        Provenance p = new Provenance();
        p.setId("prov-1");
        p.addTarget(new Reference("Patient/pat-4711"));
        p.setRecorded(INSTANT);
        p.setOccurred(new DateTimeType("2026-03-04T09:30:00Z"));
        p.addAgent().setWho(new Reference("Practitioner/prac-77").setDisplay("Dr. Alan Grant"));
        p.addAgent().setWho(new Reference("http://hospital-a.example/fhir/Device/d-1"));
        p.addSignature().setWhen(INSTANT).setWho(new Reference("Practitioner/prac-77"))
                .addType(new Coding("urn:iso-astm:E1762-95:2013", "1.2.840.10065.1.12.1.1", null))
                .setData("signed".getBytes(StandardCharsets.UTF_8));
        return p;
    }

    static DocumentReference document() {
        DocumentReference d = new DocumentReference();
        d.setId("doc-1");
        d.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        d.setSubject(new Reference("Patient/pat-4711"));
        d.addContent().getAttachment().setContentType("text/plain")
                .setData("Discharge summary for Mary Johnson".getBytes(StandardCharsets.UTF_8))
                .setUrl("http://hospital-a.example/docs/55");
        return d;
    }

    static List<Resource> all() {
        return List.of(oldPatient(), youngPatient(), encounter(), heartRate(), comment(), age(), oldOnset(),
                youngOnset(), procedure(), report(), allergy(), immunization(), coverage(), practitioner(),
                organization(), relatedPerson(), provenance(), document());
    }

    static BigDecimal decimal(int value) {
        return BigDecimal.valueOf(value);
    }
}
