package org.fhirgateway.server.search;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.FhirStore;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ValueSet;

/** A small clinical data set for search tests; {@link #id} maps fixture names to stored ids. */
final class SearchFixture {

    static final String MRN = "urn:mrn";
    static final String RESTRICTED = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality|R";

    private final Map<String, String> ids = new HashMap<>();

    String id(String name) {
        return ids.get(name);
    }

    SearchFixture load(FhirStore store) {
        CURRENT.set(this);
        Organization org = new Organization();
        org.setName("Acme Hospital");
        save(store, "org1", org);
        Practitioner pr = new Practitioner();
        pr.addName().setFamily("Who").addGiven("Doctor");
        save(store, "pr1", pr);

        Patient p1 = new Patient();
        p1.addIdentifier().setSystem(MRN).setValue("A1").getType().addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/v2-0203").setCode("MR");
        p1.addName().setFamily("Müller").addGiven("Hans");
        p1.setBirthDateElement(new DateType("1980-05-17"));
        p1.setGender(Enumerations.AdministrativeGender.MALE);
        p1.setManagingOrganization(new Reference("Organization/" + id("org1")));
        p1.addGeneralPractitioner(new Reference("Practitioner/" + id("pr1")));
        p1.getMeta().addTag("urn:tags", "vip", null).addProfile("http://example.org/StructureDefinition/p");
        p1.setActive(true);
        save(store, "p1", p1);

        Patient p2 = new Patient();
        p2.addIdentifier().setSystem(MRN).setValue("A2");
        p2.addName().setFamily("Muller").addGiven("Anna");
        p2.setBirthDateElement(new DateType("1990"));
        p2.setGender(Enumerations.AdministrativeGender.FEMALE);
        p2.getMeta().addSecurity(new Coding("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R", null));
        save(store, "p2", p2);

        Patient p3 = new Patient();
        p3.addIdentifier().setSystem(MRN).setValue("A3");
        p3.addName().setFamily("Smith");
        p3.setBirthDateElement(new DateType("2001-01-01"));
        save(store, "p3", p3);

        Encounter e1 = new Encounter();
        e1.setStatus(Encounter.EncounterStatus.FINISHED);
        e1.setSubject(new Reference("Patient/" + id("p1")));
        e1.setPeriod(new Period().setStartElement(new DateTimeType("2024-01-01T08:00:00Z"))
                .setEndElement(new DateTimeType("2024-01-03T10:00:00Z")));
        e1.addParticipant().setIndividual(new Reference("Practitioner/" + id("pr1")));
        org.hl7.fhir.r4.model.Duration length = new org.hl7.fhir.r4.model.Duration();
        length.setValue(3).setSystem("http://unitsofmeasure.org").setCode("d");
        e1.setLength(length);
        save(store, "e1", e1);

        Encounter e2 = new Encounter();
        e2.setStatus(Encounter.EncounterStatus.INPROGRESS);
        e2.setSubject(new Reference("Patient/" + id("p2")));
        e2.setPeriod(new Period().setStartElement(new DateTimeType("2024-02-01T08:00:00Z")));
        save(store, "e2", e2);

        save(store, "o1", observation("p1", "8867-4", "Heart rate", new Quantity(72).setSystem(
                "http://unitsofmeasure.org").setCode("/min"), "2024-01-02T09:00:00Z").setEncounter(
                new Reference("Encounter/" + id("e1"))));
        save(store, "o2", observation("p1", "8310-5", "Body temperature", new Quantity().setValue(
                new BigDecimal("37.5")).setSystem("http://unitsofmeasure.org").setCode("Cel"), "2024-01-02"));
        Observation o3 = observation("p2", "8867-4", "Heart rate", new Quantity(110).setSystem(
                "http://unitsofmeasure.org").setCode("/min"), "2024-02-01T10:00:00Z");
        o3.getSubject().getIdentifier().setSystem(MRN).setValue("A2");
        save(store, "o3", o3);

        Observation o4 = new Observation();
        o4.setStatus(Observation.ObservationStatus.PRELIMINARY);
        o4.setSubject(new Reference("http://other.example.org/fhir/Patient/9"));
        save(store, "o4", o4);

        Condition c1 = new Condition();
        c1.setSubject(new Reference("Patient/" + id("p1")));
        c1.getCode().addCoding().setSystem("http://snomed.info/sct").setCode("38341003").setDisplay("Hypertension");
        save(store, "c1", c1);

        RiskAssessment risk = new RiskAssessment();
        risk.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
        risk.setSubject(new Reference("Patient/" + id("p1")));
        risk.addPrediction().setProbability(new org.hl7.fhir.r4.model.DecimalType("0.25"));
        save(store, "r1", risk);

        ValueSet vs = new ValueSet();
        vs.setUrl("http://example.org/vs/a");
        vs.setStatus(Enumerations.PublicationStatus.ACTIVE);
        save(store, "vs1", vs);
        return this;
    }

    private static Observation observation(String patient, String code, String display, Quantity value, String when) {
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().addCoding().setSystem("http://loinc.org").setCode(code).setDisplay(display);
        o.setValue(value);
        o.setEffective(new DateTimeType(when));
        o.setSubject(new Reference("Patient/" + patientIdPlaceholder(patient)));
        return o;
    }

    private static final ThreadLocal<SearchFixture> CURRENT = new ThreadLocal<>();

    private static String patientIdPlaceholder(String name) {
        return CURRENT.get().id(name);
    }

    private void save(FhirStore store, String name, Resource r) {
        CURRENT.set(this);
        ids.put(name, store.create(AccessContext.system(), r).id());
    }

}
