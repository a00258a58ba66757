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

/** AL1 to AllergyIntolerance (IG AL1[AllergyIntolerance]). */
public final class AllergyMapper {

    private static final String CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
    private static final int[] MAPPED = {1, 2, 3, 4, 5, 6};

    private final MessageContext context;
    private final DataTypes types;

    public AllergyMapper(MessageContext context) {
        this.context = context;
        this.types = context.types();
    }

    public AllergyIntolerance map(Segment al1) {
        CodeableConcept code = types.codes().cwe(al1, 3);
        if (code == null) {
            context.issues().add(al1, 3, "allergy without allergen code, not mapped");
            return null;
        }
        AllergyIntolerance allergy = new AllergyIntolerance();
        Identifier key = Keys.of("AllergyIntolerance", context.patientKey(), ConditionMapper.codeKey(code));
        allergy.addIdentifier(key);
        // AL1 reports known allergies; the IG sets the clinical status to active
        allergy.getClinicalStatus().addCoding().setSystem(CLINICAL).setCode("active").setDisplay("Active");
        allergy.setCode(code);
        allergy.setPatient(context.patient());
        Concept category = types.codes().lookup(ConceptMapName.ALLERGEN_CATEGORY, al1.text(2), al1, 2);
        if (category != null) {
            allergy.addCategory(AllergyIntoleranceCategory.fromCode(category.code()));
        }
        Concept criticality = types.codes().lookupQuietly(ConceptMapName.ALLERGY_CRITICALITY, al1.text(4));
        if (criticality != null) {
            allergy.setCriticality(AllergyIntoleranceCriticality.fromCode(criticality.code()));
        }
        reactions(allergy, al1);
        DateTimeType identified = types.times().dateTime(al1, 6);
        if (identified != null) {
            allergy.setOnset(identified);
        }
        FieldCoverage.reportUnmapped(al1, MAPPED, context.issues());
        context.bundle().upsert(allergy, key);
        return allergy;
    }

    private void reactions(AllergyIntolerance allergy, Segment al1) {
        Concept severity = types.codes().lookup(ConceptMapName.ALLERGY_REACTION_SEVERITY, al1.text(4), al1, 4);
        for (Composite reaction : al1.repetitions(5)) {
            String text = reaction.fullText().strip();
            if (!text.isEmpty()) {
                AllergyIntolerance.AllergyIntoleranceReactionComponent component = allergy.addReaction();
                component.addManifestation().setText(text);
                if (severity != null) {
                    component.setSeverity(AllergyIntoleranceSeverity.fromCode(severity.code()));
                }
            }
        }
    }
}
