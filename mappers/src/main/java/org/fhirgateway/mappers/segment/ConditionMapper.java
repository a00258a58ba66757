package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.terminology.ConceptMapName;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/** DG1 to Condition, and to Encounter.diagnosis (use from DG1-6, rank from DG1-15): IG DG1[Condition]. */
public final class ConditionMapper {

    private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";
    private static final int[] MAPPED = {1, 2, 3, 4, 5, 6, 15, 16, 19, 20, 26};

    /** Encounter.diagnosis extension carrying DG1-26 (the IG leaves it unmapped; R4 has no element for it). */
    public static final String POA_EXTENSION = "http://fhirgateway.org/fhir/StructureDefinition/present-on-admission";
    /** The v2 table of DG1-26 (HL7 0895, Present On Admission Indicator). */
    static final String POA_V2 = "http://terminology.hl7.org/CodeSystem/v2-0895";
    /** The FHIR code system of Claim.diagnosis.onAdmission, which billing systems read. */
    static final String POA_FHIR = "http://terminology.hl7.org/CodeSystem/ex-diagnosis-on-admission";

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;

    public ConditionMapper(MessageContext context, Participants participants) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
    }

    /** Adds the Condition to the bundle and (when there is one) the diagnosis to {@code encounter}. */
    public Condition map(Segment dg1, Encounter encounter) {
        CodeableConcept code = types.codes().cwe(dg1, 3);
        if (code == null && !dg1.text(4).isEmpty()) {
            code = new CodeableConcept().setText(dg1.first(4).fullText().strip());
        }
        if (code == null) {
            context.issues().addSegment(dg1, "diagnosis has neither code (DG1-3) nor description (DG1-4), not mapped");
            return null;
        }
        Identifier key = types.identifiers().ei(dg1.first(20));
        Condition condition = new Condition();
        if (key == null) {
            key = Keys.of("Condition", context.patientKey(), context.encounterKey(), codeKey(code), dg1.text(6));
        }
        condition.addIdentifier(key);
        condition.setCode(code);
        condition.addCategory().addCoding().setSystem(CATEGORY).setCode("encounter-diagnosis")
                .setDisplay("Encounter Diagnosis");
        condition.setSubject(context.patient());
        condition.setEncounter(context.encounter());
        DateTimeType onset = types.times().dateTime(dg1, 5);
        if (onset != null) {
            condition.setOnset(onset);
        }
        DateTimeType recorded = types.times().dateTime(dg1, 19);
        if (recorded != null) {
            condition.setRecordedDateElement(recorded);
        }
        Reference asserter = participants.practitioner(dg1, 16);
        if (asserter != null) {
            condition.setAsserter(asserter);
        }
        Reference reference = context.bundle().upsert(condition, key);
        ExplicitNulls.record(context, dg1, reference, ExplicitNulls.DG1);
        if (encounter != null) {
            diagnosis(dg1, encounter, reference);
        }
        FieldCoverage.reportUnmapped(dg1, MAPPED, context.issues());
        return condition;
    }

    private void diagnosis(Segment dg1, Encounter encounter, Reference condition) {
        Encounter.DiagnosisComponent diagnosis = encounter.addDiagnosis().setCondition(condition);
        Coding use = types.codes().mapped(ConceptMapName.DIAGNOSIS_TYPE, "0052", dg1.text(6), dg1, 6);
        if (use != null) {
            diagnosis.setUse(new CodeableConcept().addCoding(use));
        }
        presentOnAdmission(dg1, diagnosis);
        String rank = dg1.text(15);
        if (!rank.isEmpty()) {
            if (rank.length() < 9 && rank.chars().allMatch(Character::isDigit) && Integer.parseInt(rank) > 0) {
                diagnosis.setRank(Integer.parseInt(rank));
            } else {
                context.issues().add(dg1, 15, "diagnosis priority is not a positive integer, rank not mapped");
            }
        }
    }

    /**
     * DG1-26 as the extension {@link #POA_EXTENSION} on the diagnosis: the v2-0895 code (Y, N, U, W, 1), and the
     * matching {@code ex-diagnosis-on-admission} code (y, n, u, w; exempt has none) for claims.
     */
    private void presentOnAdmission(Segment dg1, Encounter.DiagnosisComponent diagnosis) {
        String code = dg1.first(26).text(1).strip().toUpperCase(java.util.Locale.ROOT);
        if (code.isEmpty()) {
            return;
        }
        if (!java.util.Set.of("Y", "N", "U", "W", "1").contains(code)) {
            context.issues().add(dg1, 26, "present-on-admission indicator '" + code + "' is not in v2-0895, not mapped");
            return;
        }
        CodeableConcept poa = new CodeableConcept().addCoding(new Coding(POA_V2, code, null));
        if (!code.equals("1")) {
            poa.addCoding(new Coding(POA_FHIR, code.toLowerCase(java.util.Locale.ROOT), null));
        }
        diagnosis.addExtension(POA_EXTENSION, poa);
    }

    /** The part of a CodeableConcept that identifies it: first coding's system|code, else the text. */
    static String codeKey(CodeableConcept code) {
        if (code.hasCoding()) {
            Coding coding = code.getCodingFirstRep();
            return coding.getSystem() + "|" + coding.getCode();
        }
        return code.getText();
    }
}
