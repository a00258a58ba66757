package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.terminology.Concept;
import org.fhirgateway.mappers.terminology.ConceptMapName;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.AllergyIntolerance.AllergyIntoleranceCategory;
import org.hl7.fhir.r4.model.AllergyIntolerance.AllergyIntoleranceCriticality;
import org.hl7.fhir.r4.model.AllergyIntolerance.AllergyIntoleranceSeverity;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * IAM (A60, patient adverse reaction information) to AllergyIntolerance (IG IAM[AllergyIntolerance]). Keyed by
 * IAM-7 (allergy unique identifier), else by patient and allergen code, the key AL1 uses, so an AL1 and an IAM for the
 * same allergen are one resource. IAM-6 action code D (delete) marks the allergy entered-in-error.
 */
public final class AdverseReactionMapper {

    private static final String CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
    private static final String VERIFICATION = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";
    private static final int[] MAPPED = {1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 14, 15, 17};

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;

    public AdverseReactionMapper(MessageContext context, Participants participants) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
    }

    public AllergyIntolerance map(Segment iam) {
        CodeableConcept code = types.codes().cwe(iam, 3);
        if (code == null) {
            context.issues().add(iam, 3, "adverse reaction without allergen code, not mapped");
            return null;
        }
        AllergyIntolerance allergy = new AllergyIntolerance();
        Identifier key = types.identifiers().ei(iam.first(7));
        if (key == null) {
            key = Keys.of("AllergyIntolerance", context.patientKey(), ConditionMapper.codeKey(code));
        }
        allergy.addIdentifier(key);
        allergy.setCode(code);
        allergy.setPatient(context.patient());
        status(allergy, iam);
        Concept category = types.codes().lookup(ConceptMapName.ALLERGEN_CATEGORY, iam.first(2).text(1), iam, 2);
        if (category != null) {
            allergy.addCategory(AllergyIntoleranceCategory.fromCode(category.code()));
        }
        String severityCode = iam.first(4).text(1);
        Concept criticality = types.codes().lookupQuietly(ConceptMapName.ALLERGY_CRITICALITY, severityCode);
        if (criticality != null) {
            allergy.setCriticality(AllergyIntoleranceCriticality.fromCode(criticality.code()));
        }
        Concept severity = types.codes().lookup(ConceptMapName.ALLERGY_REACTION_SEVERITY, severityCode, iam, 4);
        for (Composite reaction : iam.repetitions(5)) {
            String text = reaction.fullText().strip();
            if (!text.isEmpty()) {
                AllergyIntolerance.AllergyIntoleranceReactionComponent component = allergy.addReaction();
                component.addManifestation().setText(text);
                if (severity != null) {
                    component.setSeverity(AllergyIntoleranceSeverity.fromCode(severity.code()));
                }
            }
        }
        DateTimeType onset = types.times().dateTime(iam, 11);
        if (onset != null) {
            allergy.setOnset(onset);
        } else if (!iam.text(12).isEmpty()) {
            allergy.setOnset(new StringType(iam.text(12)));
        }
        DateTimeType reported = types.times().dateTime(iam, 13);
        if (reported != null) {
            allergy.setRecordedDateElement(reported);
        }
        recorder(allergy, iam);
        FieldCoverage.reportUnmapped(iam, MAPPED, context.issues());
        context.bundle().upsert(allergy, key);
        return allergy;
    }

    /** IAM-17 clinical status (A active, R resolved, I inactive), else active; IAM-6 D marks it entered in error. */
    private void status(AllergyIntolerance allergy, Segment iam) {
        String action = iam.first(6).text(1);
        if ("D".equals(action)) {
            allergy.getVerificationStatus().addCoding().setSystem(VERIFICATION).setCode("entered-in-error")
                    .setDisplay("Entered in Error");
            return;
        }
        String clinical = switch (iam.first(17).text(1)) {
            case "R" -> "resolved";
            case "I" -> "inactive";
            default -> "active";
        };
        allergy.getClinicalStatus().addCoding().setSystem(CLINICAL).setCode(clinical);
        if (iam.first(17).text(1).equals("C")) {
            // v2 table 0438 C is "confirmed or verified": a verification, not a clinical status
            allergy.getVerificationStatus().addCoding().setSystem(VERIFICATION).setCode("confirmed")
                    .setDisplay("Confirmed");
        }
    }

    /** IAM-14 reported by: the patient (IAM-15 SEL), else a Practitioner when IAM-15 is empty; a relative is text. */
    private void recorder(AllergyIntolerance allergy, Segment iam) {
        if (iam.isEmpty(14)) {
            return;
        }
        String relationship = iam.first(15).text(1);
        if ("SEL".equals(relationship)) {
            allergy.setAsserter(new Reference(context.patient().getReference()));
        } else if (relationship.isEmpty()) {
            Reference practitioner = participants.practitioner(iam.first(14), iam, 14);
            if (practitioner != null) {
                allergy.setRecorder(practitioner);
            }
        } else {
            org.hl7.fhir.r4.model.HumanName name = types.names().xpn(iam.first(14), iam, 14);
            if (name != null) {
                allergy.setAsserter(new Reference().setDisplay(name.getNameAsSingleString() + " (" + relationship + ")"));
            }
        }
    }
}
