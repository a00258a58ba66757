package org.fhirgateway.mappers.segment;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Immunization.ImmunizationEducationComponent;

/**
 * The OBX after an RXA that the CDC immunisation guide (and the IG's VXU map note "some observations about the
 * immunization may map to elements") put into the Immunization itself: VFC eligibility (LOINC 64994-7) as
 * programEligibility, funding source (30963-3) as fundingSource, and the VIS given (69764-9 document type,
 * 30956-7 vaccine type, 29768-9 published, 29769-7 presented; one education entry per OBX-4 sub-id). Every
 * other OBX is an Observation that is partOf the Immunization (the caller's job).
 */
public final class ImmunizationObservations {

    private static final String LOINC = "http://loinc.org";
    private static final int[] MAPPED = {1, 2, 3, 4, 5, 11, 14};

    private final MessageContext context;
    private final DataTypes types;
    private final Map<String, ImmunizationEducationComponent> education = new LinkedHashMap<>();
    private final Map<String, Segment> firstObx = new LinkedHashMap<>();
    private Immunization immunization;

    public ImmunizationObservations(MessageContext context) {
        this.context = context;
        this.types = context.types();
    }

    /** The dose the following OBX belong to (null: none); finishes the previous dose's VIS entries. */
    public void follow(Immunization next) {
        finish();
        this.immunization = next;
    }

    /** Whether the OBX was one of the conventions above and went into the current Immunization. */
    public boolean map(Segment obx) {
        if (immunization == null || !isLoinc(obx)) {
            return false;
        }
        switch (obx.first(3).text(1)) {
            case "64994-7" -> {
                CodeableConcept eligibility = types.codes().cwe(obx, 5);
                if (eligibility != null) {
                    immunization.addProgramEligibility(eligibility);
                }
            }
            case "30963-3" -> {
                CodeableConcept funding = types.codes().cwe(obx, 5);
                if (funding != null) {
                    immunization.setFundingSource(funding);
                }
            }
            case "69764-9" -> {
                CodeableConcept document = types.codes().cwe(obx, 5);
                if (document != null) {
                    entry(obx).setDocumentType(document.hasText() ? document.getText()
                            : document.getCodingFirstRep().getCode());
                }
            }
            case "30956-7" -> {
                CodeableConcept vaccine = types.codes().cwe(obx, 5);
                if (vaccine != null && !entry(obx).hasDocumentType()) {
                    entry(obx).setDocumentType("VIS for " + (vaccine.hasText() ? vaccine.getText()
                            : vaccine.getCodingFirstRep().getCode()));
                }
            }
            case "29768-9" -> {
                DateTimeType published = types.times().dateTime(obx, 5);
                if (published != null) {
                    entry(obx).setPublicationDateElement(published);
                }
            }
            case "29769-7" -> {
                DateTimeType presented = types.times().dateTime(obx, 5);
                if (presented != null) {
                    entry(obx).setPresentationDateElement(presented);
                }
            }
            default -> {
                return false;
            }
        }
        FieldCoverage.reportUnmapped(obx, MAPPED, context.issues());
        return true;
    }

    /** Adds the VIS entries of the current dose; an entry naming no document (R4 imm-1) is left out. */
    public void finish() {
        for (Map.Entry<String, ImmunizationEducationComponent> entry : education.entrySet()) {
            if (entry.getValue().hasDocumentType()) {
                immunization.addEducation(entry.getValue());
            } else {
                context.issues().addSegment(firstObx.get(entry.getKey()),
                        "VIS dates without a document or vaccine type (69764-9, 30956-7), not mapped");
            }
        }
        education.clear();
        firstObx.clear();
    }

    private ImmunizationEducationComponent entry(Segment obx) {
        firstObx.putIfAbsent(obx.text(4), obx);
        return education.computeIfAbsent(obx.text(4), k -> new ImmunizationEducationComponent());
    }

    private static boolean isLoinc(Segment obx) {
        String system = obx.first(3).text(3);
        return system.equals("LN") || system.equals("LOINC") || system.equals(LOINC) || system.isEmpty();
    }
}
