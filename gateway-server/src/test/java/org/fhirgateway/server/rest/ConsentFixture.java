package org.fhirgateway.server.rest;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Ten patients, one per consent state, with data a release policy treats differently. Every resource carries
 * something de-identification keeps (an Observation's value, a Patient's birth year, a Condition's onset year, a
 * Procedure's year), so a test can tell which one a de-identified client received.
 */
final class ConsentFixture {

    /** Patient suffixes, in order: their index gives the distinguishing values. */
    static final List<String> PATIENTS = List.of("none", "optout", "purpose", "recipient", "optin", "expired",
            "future", "part2", "restricted", "vip");
    static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    private ConsentFixture() {
    }

    static String patient(String s) {
        return "pt-" + s;
    }

    static String family(String s) {
        return "Zzfamily" + s.substring(0, 1).toUpperCase() + s.substring(1);
    }

    static String mrn(String s) {
        return "MRN-77" + PATIENTS.indexOf(s) + "431";
    }

    static String birthDate(String s) {
        return (1951 + PATIENTS.indexOf(s)) + "-03-1" + PATIENTS.indexOf(s) % 10;
    }

    static String phone(String s) {
        return "555-01" + (10 + PATIENTS.indexOf(s));
    }

    static final String STREET = "1234 Quillfeather Lane";
    static final String CITY = "Marblehollow";

    /** The transaction that writes it all. */
    static String transaction(FhirContext fhir) {
        Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (String s : PATIENTS) {
            org.hl7.fhir.r4.model.Patient p = new org.hl7.fhir.r4.model.Patient();
            p.setId(patient(s));
            p.addIdentifier(new Identifier().setSystem("urn:oid:1.2.3.4").setValue(mrn(s)));
            p.addName().setFamily(family(s)).addGiven("Quentina");
            p.setGender(Enumerations.AdministrativeGender.FEMALE);
            p.setBirthDateElement(new DateType(birthDate(s)));
            p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(phone(s));
            p.addAddress().addLine(STREET).setCity(CITY).setState("MA").setPostalCode("03601");
            if (s.equals("restricted")) {
                p.getMeta().addSecurity(new Coding(CONFIDENTIALITY, "R", null));
            }
            if (s.equals("vip")) {
                p.getMeta().addSecurity(new Coding(CONFIDENTIALITY, "V", null));
            }
            put(b, p);
            Observation o = new Observation();
            o.setId("obs-" + s);
            o.setStatus(Observation.ObservationStatus.FINAL);
            o.setCode(new CodeableConcept(new Coding("http://loinc.org", "2345-7", "Glucose")));
            o.setSubject(new Reference("Patient/" + patient(s)));
            o.setValue(new Quantity(100 + PATIENTS.indexOf(s)).setUnit("mg/dL"));
            put(b, o);
        }
        put(b, condition("hiv-none", "none", 2001));
        put(b, condition("hiv-optin", "optin", 2002));
        put(b, procedure("detox-none", "none", 2011));
        put(b, procedure("detox-part2", "part2", 2012));
        put(b, consent("c-optout", "optout", Consent.ConsentProvisionType.DENY, null, null, null, null));
        put(b, consent("c-purpose", "purpose", Consent.ConsentProvisionType.DENY, "HRESCH", null, null, null));
        put(b, consent("c-recipient", "recipient", Consent.ConsentProvisionType.DENY, null, "registry", null, null));
        put(b, consent("c-optin", "optin", Consent.ConsentProvisionType.PERMIT, null, null, "HIV", null));
        put(b, consent("c-expired", "expired", Consent.ConsentProvisionType.DENY, null, null, null,
                new Period().setEndElement(new DateTimeType("2020-01-01"))));
        put(b, consent("c-future", "future", Consent.ConsentProvisionType.DENY, null, null, null,
                new Period().setStartElement(new DateTimeType("2100-01-01"))));
        put(b, consent("c-part2", "part2", Consent.ConsentProvisionType.PERMIT, null, "registry", "42CFRPart2", null));
        return fhir.newJsonParser().encodeResourceToString(b);
    }

    static Condition condition(String id, String patient, int onsetYear) {
        Condition c = new Condition();
        c.setId(id);
        c.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm", "B20", "HIV disease")));
        c.setSubject(new Reference("Patient/" + patient(patient)));
        c.setOnset(new DateTimeType(Integer.toString(onsetYear)));
        return c;
    }

    static Procedure procedure(String id, String patient, int year) {
        Procedure p = new Procedure();
        p.setId(id);
        p.setStatus(Procedure.ProcedureStatus.COMPLETED);
        p.setCode(new CodeableConcept(new Coding("http://www.cms.gov/Medicare/Coding/ICD10", "HZ2ZZZZ",
                "Detoxification services for substance abuse treatment")));
        p.setSubject(new Reference("Patient/" + patient(patient)));
        p.setPerformed(new DateTimeType(Integer.toString(year)));
        return p;
    }

    static Consent consent(String id, String patient, Consent.ConsentProvisionType type, String purpose,
            String recipientClient, String label, Period period) {
        Consent c = new Consent();
        c.setId(id);
        c.setStatus(Consent.ConsentState.ACTIVE);
        c.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope",
                "patient-privacy", null)));
        c.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Consent Document")));
        c.setPatient(new Reference("Patient/" + patient(patient)));
        c.setDateTime(new Date());
        c.addPolicy().setUri("http://fhirgateway.org/fhir/consent-policy");
        Consent.ProvisionComponent p = c.getProvision().setType(type);
        if (purpose != null) {
            p.addPurpose(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", purpose, null));
        }
        if (recipientClient != null) {
            p.addActor().setRole(new CodeableConcept(new Coding(
                    "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", null)))
                    .setReference(new Reference().setIdentifier(new Identifier()
                            .setSystem("http://fhirgateway.org/fhir/client").setValue(recipientClient)));
        }
        if (label != null) {
            p.addSecurityLabel(new Coding(ACT_CODE, label, null));
        }
        if (period != null) {
            p.setPeriod(period);
        }
        return c;
    }

    private static void put(Bundle b, Resource r) {
        b.addEntry().setFullUrl(r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r).getRequest()
                .setMethod(Bundle.HTTPVerb.PUT).setUrl(r.fhirType() + "/" + r.getIdElement().getIdPart());
    }

    /** The fixture's name of a returned resource, from what de-identification keeps. */
    static String nameOf(Resource r) {
        if (r instanceof org.hl7.fhir.r4.model.Patient p) {
            return "pt-" + PATIENTS.get(year(p.getBirthDateElement()) - 1951);
        }
        if (r instanceof Observation o) {
            return "obs-" + PATIENTS.get(o.getValueQuantity().getValue().intValue() - 100);
        }
        if (r instanceof Condition c) {
            return year(c.getOnsetDateTimeType()) == 2001 ? "hiv-none" : "hiv-optin";
        }
        if (r instanceof Procedure p) {
            return year(p.getPerformedDateTimeType()) == 2011 ? "detox-none" : "detox-part2";
        }
        return r.fhirType() + "/" + r.getIdElement().getIdPart();
    }

    private static int year(org.hl7.fhir.r4.model.BaseDateTimeType date) {
        return Integer.parseInt(date.getValueAsString().substring(0, 4));
    }

    /** Every patient's resources of the checked kinds, by patient suffix. */
    static Map<String, Set<String>> compartments() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String s : PATIENTS) {
            List<String> names = new ArrayList<>(List.of(patient(s), "obs-" + s));
            if (s.equals("none")) {
                names.addAll(List.of("hiv-none", "detox-none"));
            }
            if (s.equals("optin")) {
                names.add("hiv-optin");
            }
            if (s.equals("part2")) {
                names.add("detox-part2");
            }
            out.put(s, Set.copyOf(names));
        }
        return out;
    }
}
