package org.fhirgateway.mappers.segment;

import java.util.List;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingException.Code;
import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.datatype.V2DateTime;
import org.fhirgateway.mappers.terminology.Concept;
import org.fhirgateway.mappers.terminology.ConceptMapName;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointUse;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/** PID (and PD1) to Patient, following the IG's PID[Patient] and PD1[Patient] maps. */
public final class PatientMapper {

    static final String MOTHERS_MAIDEN_NAME = "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName";
    static final String BIRTH_TIME = "http://hl7.org/fhir/StructureDefinition/patient-birthTime";
    static final String SSN_SYSTEM = "http://hl7.org/fhir/sid/us-ssn";
    static final String RELIGION = "http://hl7.org/fhir/StructureDefinition/patient-religion";
    /** The prefix of the issue a fallback patient key gives (the work list's {@code fallback-identity}). */
    public static final String FALLBACK = "fallback identity: ";
    private static final int[] MAPPED_PID = {1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 13, 14, 15, 16, 17, 19, 20, 22, 24, 25, 29,
        30, 40};
    private static final int[] MAPPED_PD1 = {3, 4, 11, 12};
    /** The sender's confidentiality assertion on the Patient (no gateway extension: the labeller keeps it). */
    static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;
    private final RaceEthnicity raceEthnicity;

    public PatientMapper(MessageContext context, Participants participants) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
        this.raceEthnicity = new RaceEthnicity(context.issues());
    }

    /**
     * The key identifier of the patient: the first PID-3 repetition with a value; without one, the first of PID-2
     * (the older external id), then of PID-4 (alternate id), each with its own authority; without any, a gateway key
     * (see {@link #gatewayKey}). Each fallback is an issue starting with {@value #FALLBACK} (the data-quality work
     * list makes it a Task). A patient with no identifier, no name or no birth date cannot be identified.
     */
    public Identifier key(Segment pid) throws MappingException {
        Identifier id = firstIdentifier(pid, 3);
        if (id != null) {
            return id;
        }
        for (int field : new int[] {2, 4}) {
            id = firstIdentifier(pid, field);
            if (id != null) {
                context.issues().add(pid, 3, FALLBACK + "PID-3 has no identifier, the patient is keyed by "
                        + pid.ref(field) + " (system " + id.getSystem() + ")");
                return id;
            }
        }
        return gatewayKey(pid);
    }

    private Identifier firstIdentifier(Segment pid, int field) {
        for (Composite cx : pid.repetitions(field)) {
            Identifier id = types.identifiers().cx(cx, pid, field);
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    /**
     * A gateway key ({@link Keys#SYSTEM}) for a patient sent with no identifier at all: a name-based UUID of the
     * first name's family and given names (upper case, trimmed), the birth date (PID-7, the date part), the sex
     * (PID-8) and the sender (MSH-4, else MSH-3). The same person from the same sender keeps one Patient; the same
     * person with an identifier later is another Patient, which the work list's Task asks staff to link or merge.
     */
    private Identifier gatewayKey(Segment pid) throws MappingException {
        Composite name = pid.first(5);
        String family = name.part(1).text(1).strip().toUpperCase(java.util.Locale.ROOT);
        String given = name.text(2).strip().toUpperCase(java.util.Locale.ROOT);
        String birthText = pid.first(7).text(1);
        String birthDate = V2DateTime.toDate(birthText);
        if (birthDate == null && V2DateTime.recover(birthText) != null) {
            birthDate = V2DateTime.toDate(V2DateTime.recover(birthText));
        }
        if ((family.isEmpty() && given.isEmpty()) || birthDate == null) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "PID", "PID-3", "patient identifier list is"
                    + " empty (and PID-2, PID-4), and the " + (birthDate == null ? "birth date (PID-7)" : "name (PID-5)")
                    + " is missing or invalid: the patient cannot be identified");
        }
        String sex = pid.first(8).text(1).strip().toUpperCase(java.util.Locale.ROOT);
        context.issues().add(pid, 3, FALLBACK + "PID-3, PID-2 and PID-4 have no identifier, the patient is keyed"
                + " by a gateway key of name, birth date, sex and sender");
        return Keys.of("Patient", context.sender(), family, given, birthDate, sex);
    }

    /** Maps PID to a new Patient (not yet in the bundle). */
    public Patient map(Segment pid, Reference target) {
        Patient patient = new Patient();
        identifiers(patient, pid);
        for (Composite xpn : pid.repetitions(5)) {
            HumanName name = types.names().xpn(xpn, pid, 5);
            if (name != null) {
                patient.addName(name);
            }
        }
        mothersMaidenName(patient, pid);
        birthDate(patient, pid);
        gender(patient, pid);
        for (Composite xad : pid.repetitions(11)) {
            Address address = types.addresses().xad(xad, pid, 11);
            if (address != null) {
                patient.addAddress(address);
            }
        }
        telecoms(patient, pid, 13, ContactPointUse.HOME);
        telecoms(patient, pid, 14, ContactPointUse.WORK);
        telecoms(patient, pid, 40, null);
        CodeableConcept language = language(pid);
        if (language != null) {
            patient.addCommunication().setLanguage(language);
        }
        maritalStatus(patient, pid);
        CodeableConcept religion = types.codes().cwe(pid, 17);
        if (religion != null) {
            patient.addExtension(RELIGION, religion);
        }
        multipleBirth(patient, pid);
        deceased(patient, pid);
        Extension race = raceEthnicity.race(pid);
        if (race != null) {
            patient.addExtension(race);
        }
        Extension ethnicity = raceEthnicity.ethnicity(pid);
        if (ethnicity != null) {
            patient.addExtension(ethnicity);
        }
        ExplicitNulls.record(context, pid, target, ExplicitNulls.PID);
        FieldCoverage.reportUnmapped(pid, MAPPED_PID, context.issues());
        return patient;
    }

    /**
     * PD1-3 (primary facility) and PD1-4 (primary care provider) to generalPractitioner; PD1-12 protection
     * indicator and PD1-11 publicity code to the Patient's confidentiality label (see {@link #confidentiality}).
     */
    public void mapPd1(Segment pd1, Patient patient) {
        for (Composite xon : pd1.repetitions(3)) {
            Reference organization = participants.organization(xon, pd1, 3);
            if (organization != null) {
                patient.addGeneralPractitioner(organization);
            }
        }
        for (Composite xcn : pd1.repetitions(4)) {
            Reference practitioner = participants.practitioner(xcn, pd1, 4);
            if (practitioner != null) {
                patient.addGeneralPractitioner(practitioner);
            }
        }
        confidentiality(pd1, patient);
        FieldCoverage.reportUnmapped(pd1, MAPPED_PD1, context.issues());
    }

    /**
     * PD1-12 {@code Y} (protected) or PD1-11 {@code N} (no publicity, table 0215) make the Patient restricted
     * ({@code R}); PD1-12 {@code N} alone makes it explicitly normal ({@code N}). Other publicity codes are not
     * restrictive and, as the IG maps none, are reported.
     */
    private void confidentiality(Segment pd1, Patient patient) {
        boolean restricted = false;
        boolean unprotected = false;
        String protection = pd1.text(12).strip();
        if ("Y".equalsIgnoreCase(protection)) {
            restricted = true;
        } else if ("N".equalsIgnoreCase(protection)) {
            unprotected = true;
        } else if (!pd1.isEmpty(12)) {
            context.issues().add(pd1, 12, "protection indicator is neither Y nor N, not mapped");
        }
        String publicity = pd1.first(11).text(1).strip();
        if ("N".equalsIgnoreCase(publicity)) {
            restricted = true;
        } else if (!pd1.isEmpty(11)) {
            context.issues().add(pd1, 11, "publicity code is not N (no publicity): not restrictive, not mapped");
        }
        if (restricted) {
            patient.getMeta().addSecurity(new Coding(CONFIDENTIALITY, "R", "restricted"));
        } else if (unprotected) {
            patient.getMeta().addSecurity(new Coding(CONFIDENTIALITY, "N", "normal"));
        }
    }

    private void identifiers(Patient patient, Segment pid) {
        for (int field : new int[] {3, 2, 4}) {
            for (Composite cx : pid.repetitions(field)) {
                Identifier id = types.identifiers().cx(cx, pid, field);
                if (id != null && !contains(patient.getIdentifier(), id)) {
                    patient.addIdentifier(id);
                }
            }
        }
        String ssn = pid.text(19);
        if (!ssn.isEmpty()) {
            patient.addIdentifier().setSystem(SSN_SYSTEM).setValue(ssn)
                    .setType(types.identifiers().identifierType("SS", pid, 19));
        }
        Composite license = pid.first(20);
        if (!license.text(1).isEmpty()) {
            Identifier dl = patient.addIdentifier().setValue(license.text(1))
                    .setType(types.identifiers().identifierType("DL", pid, 20));
            dl.setSystem(types.context().config().identifierSystemBase() + "driver-license"
                    + (license.text(2).isEmpty() ? "" : ":" + org.fhirgateway.mappers.datatype.Uris.encode(license.text(2))));
        }
    }

    private static boolean contains(List<Identifier> list, Identifier id) {
        for (Identifier existing : list) {
            if (existing.getSystem().equals(id.getSystem()) && existing.getValue().equals(id.getValue())) {
                return true;
            }
        }
        return false;
    }

    private void mothersMaidenName(Patient patient, Segment pid) {
        HumanName maiden = types.names().xpn(pid.first(6), pid, 6);
        if (maiden != null && maiden.hasFamily()) {
            patient.addExtension(MOTHERS_MAIDEN_NAME, new StringType(maiden.getFamily()));
        }
    }

    private void birthDate(Patient patient, Segment pid) {
        DateType date = types.times().date(pid, 7);
        if (date == null) {
            return;
        }
        patient.setBirthDateElement(date);
        if (pid.text(7).length() > 8) {
            DateTimeType time = types.times().dateTime(pid, 7);
            if (time != null) {
                date.addExtension(BIRTH_TIME, time);
            }
        }
    }

    private void gender(Patient patient, Segment pid) {
        Concept gender = types.codes().lookup(ConceptMapName.ADMINISTRATIVE_SEX, pid.text(8), pid, 8);
        if (gender != null) {
            patient.setGender(AdministrativeGender.fromCode(gender.code()));
        }
    }

    private void telecoms(Patient patient, Segment pid, int field, ContactPointUse defaultUse) {
        for (Composite xtn : pid.repetitions(field)) {
            ContactPoint point = types.telecoms().xtn(xtn, pid, field);
            if (point != null) {
                if (!point.hasUse() && defaultUse != null) {
                    point.setUse(defaultUse);
                }
                patient.addTelecom(point);
            }
        }
    }

    /**
     * PID-15: FHIR requires a BCP-47 tag; a v2 table 0296 / ISO 639 code that is already one (en, en-US)
     * is kept as such, anything else (eng, local codes) only as text, reported.
     */
    private CodeableConcept language(Segment pid) {
        Composite cwe = pid.first(15);
        if (cwe.isEmpty()) {
            return null;
        }
        CodeableConcept language = new CodeableConcept();
        for (int component : new int[] {1, 4}) {
            String code = cwe.text(component);
            if (isBcp47(code)) {
                language.addCoding().setSystem("urn:ietf:bcp:47").setCode(code);
            }
        }
        String text = cwe.text(2).isEmpty() ? cwe.text(5) : cwe.text(2);
        if (!language.hasCoding()) {
            context.issues().add(pid, 15, "language '" + cwe.text(1) + "' is not a BCP-47 tag, kept as text");
            text = text.isEmpty() ? cwe.text(1) : text;
        }
        if (!text.isEmpty()) {
            language.setText(text);
        }
        return language;
    }

    /** Two lower-case letters, optionally a hyphen and two upper-case letters (the common BCP-47 tags). */
    private static boolean isBcp47(String code) {
        int n = code.length();
        if (n != 2 && n != 5) {
            return false;
        }
        boolean language = Character.isLowerCase(code.charAt(0)) && Character.isLowerCase(code.charAt(1));
        return language && (n == 2 || (code.charAt(2) == '-' && Character.isUpperCase(code.charAt(3))
                && Character.isUpperCase(code.charAt(4))));
    }

    private void maritalStatus(Patient patient, Segment pid) {
        Coding coding = types.codes().mapped(ConceptMapName.MARITAL_STATUS, "0002", pid.text(16), pid, 16);
        if (coding != null) {
            CodeableConcept status = new CodeableConcept();
            if (coding.hasSystem()) {
                status.addCoding(coding);
            } else {
                status.setText(coding.getCode());
            }
            String text = pid.first(16).text(2);
            if (!text.isEmpty()) {
                status.setText(text);
            }
            patient.setMaritalStatus(status);
        }
    }

    private void multipleBirth(Patient patient, Segment pid) {
        String order = pid.text(25);
        if (!order.isEmpty() && order.length() < 4 && order.chars().allMatch(Character::isDigit)) {
            patient.getMultipleBirthIntegerType().setValue(Integer.parseInt(order));
            return;
        }
        String indicator = pid.text(24);
        if ("Y".equals(indicator) || "N".equals(indicator)) {
            patient.setMultipleBirth(new BooleanType("Y".equals(indicator)));
        } else if (!indicator.isEmpty() || !order.isEmpty()) {
            context.issues().add(pid, indicator.isEmpty() ? 25 : 24, "not a Y/N indicator or birth order, not mapped");
        }
    }

    private void deceased(Patient patient, Segment pid) {
        DateTimeType death = types.times().dateTime(pid, 29);
        if (death != null) {
            patient.setDeceased(death);
            return;
        }
        String indicator = pid.text(30);
        if ("Y".equals(indicator) || "N".equals(indicator)) {
            patient.setDeceased(new BooleanType("Y".equals(indicator)));
        }
    }
}
