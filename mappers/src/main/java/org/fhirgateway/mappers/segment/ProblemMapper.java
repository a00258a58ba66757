package org.fhirgateway.mappers.segment;

import java.util.Locale;
import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.StringType;

/**
 * PRB to a problem-list Condition (the IG has no PRB map; same conventions): code (PRB-3), identifier
 * (PRB-4 problem instance id), recorded (PRB-7, else PRB-2), resolution (PRB-9), onset (PRB-16, else the
 * onset text PRB-17), clinicalStatus from the life cycle status (PRB-14), verificationStatus from the
 * confirmation status (PRB-13). A delete (PRB-1 DE) is verificationStatus entered-in-error, without a
 * clinicalStatus (R4 con-5), so the stored problem is marked, not removed.
 */
public final class ProblemMapper {

    private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";
    private static final String CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    private static final String VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    private static final int[] MAPPED = {1, 2, 3, 4, 7, 9, 13, 14, 16, 17};

    private final MessageContext context;
    private final DataTypes types;

    public ProblemMapper(MessageContext context) {
        this.context = context;
        this.types = context.types();
    }

    /** Maps and adds the problem; null (reported) when PRB-3 is empty. */
    public Condition map(Segment prb) {
        CodeableConcept code = types.codes().cwe(prb, 3);
        if (code == null) {
            context.issues().add(prb, 3, "problem without identifier (PRB-3), not mapped");
            return null;
        }
        Identifier key = types.identifiers().ei(prb.first(4));
        if (key == null) {
            key = Keys.of("Condition", context.patientKey(), "problem", ConditionMapper.codeKey(code));
        }
        Condition condition = new Condition();
        condition.addIdentifier(key);
        condition.setCode(code);
        condition.addCategory().addCoding().setSystem(CATEGORY).setCode("problem-list-item")
                .setDisplay("Problem List Item");
        condition.setSubject(context.patient());
        if (context.encounter() != null) {
            condition.setEncounter(context.encounter());
        }
        String action = prb.text(1).toUpperCase(Locale.ROOT);
        if (action.equals("DE")) {
            condition.setVerificationStatus(concept(VERIFICATION, "entered-in-error", "Entered in Error"));
        } else {
            verification(prb, condition);
            clinical(prb, condition);
        }
        if (!condition.hasClinicalStatus() && !action.equals("DE") && isClinicalStatus(word(prb, 13))) {
            context.issues().add(prb, 13, "holds a life cycle status (PRB-14), read as such");
            condition.setClinicalStatus(concept(CLINICAL, word(prb, 13), null));
            condition.setVerificationStatus(null);
        }
        DateTimeType recorded = types.times().dateTime(prb, 7);
        if (recorded == null) {
            recorded = types.times().dateTime(prb, 2);
        }
        if (recorded != null) {
            condition.setRecordedDateElement(recorded);
        }
        DateTimeType resolved = types.times().dateTime(prb, 9);
        if (resolved != null && !action.equals("DE")) {
            abatement(prb, condition, resolved);
        }
        DateTimeType onset = types.times().dateTime(prb, 16);
        String onsetText = prb.first(17).fullText().strip();
        if (onset != null) {
            condition.setOnset(onset);
        } else if (!onsetText.isEmpty()) {
            condition.setOnset(new StringType(onsetText));
        }
        FieldCoverage.reportUnmapped(prb, MAPPED, context.issues());
        context.bundle().upsert(condition, key);
        return condition;
    }

    /**
     * PRB-9: a resolution date means resolved when no life cycle status is sent; with an active one (active,
     * recurrence, relapse) it contradicts it, and R4 (con-4) forbids both, so it is reported and left out.
     */
    private void abatement(Segment prb, Condition condition, DateTimeType resolved) {
        if (!condition.hasClinicalStatus()) {
            condition.setClinicalStatus(concept(CLINICAL, "resolved", null));
        }
        String status = condition.getClinicalStatus().getCodingFirstRep().getCode();
        if (status.equals("resolved") || status.equals("inactive") || status.equals("remission")) {
            condition.setAbatement(resolved);
        } else {
            context.issues().add(prb, 9, "resolution date with life cycle status " + status + ", not mapped");
        }
    }

    private static boolean isClinicalStatus(String word) {
        switch (word) {
            case "active", "recurrence", "relapse", "inactive", "remission", "resolved" -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** PRB-14 (code or text): active, recurrence, relapse, inactive, remission, resolved. */
    private void clinical(Segment prb, Condition condition) {
        String status = word(prb, 14);
        switch (status) {
            case "" -> {
            }
            case "active", "recurrence", "relapse", "inactive", "remission", "resolved" ->
                    condition.setClinicalStatus(concept(CLINICAL, status, null));
            default -> context.issues().add(prb, 14, "life cycle status '" + status
                    + "' is not a condition-clinical code, not mapped");
        }
    }

    /** PRB-13 (code or text): confirmed, provisional, differential, refuted (ruled out). */
    private void verification(Segment prb, Condition condition) {
        String status = word(prb, 13);
        switch (status) {
            case "" -> {
            }
            case "c", "confirmed" -> condition.setVerificationStatus(concept(VERIFICATION, "confirmed", "Confirmed"));
            case "p", "provisional" -> condition.setVerificationStatus(concept(VERIFICATION, "provisional", "Provisional"));
            case "d", "differential" -> condition.setVerificationStatus(concept(VERIFICATION, "differential", "Differential"));
            case "r", "refuted", "ruled out" -> condition.setVerificationStatus(concept(VERIFICATION, "refuted", "Refuted"));
            default -> {
                if (!isClinicalStatus(status)) { // else read as the life cycle status, see map()
                    context.issues().add(prb, 13, "confirmation status '" + status
                            + "' is not a condition-ver-status code, not mapped");
                }
            }
        }
    }

    private static String word(Segment prb, int field) {
        String code = prb.first(field).text(1);
        String text = code.isEmpty() ? prb.first(field).text(2) : code;
        return text.toLowerCase(Locale.ROOT);
    }

    private static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept().addCoding(new Coding(system, code, display));
    }
}
