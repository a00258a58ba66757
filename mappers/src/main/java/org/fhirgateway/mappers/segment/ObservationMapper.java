package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.terminology.Concept;
import org.fhirgateway.mappers.terminology.ConceptMapName;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;

/** OBX to Observation (IG OBX[Observation]); NTE segments that follow become notes. */
public final class ObservationMapper {

    private static final int[] MAPPED = {1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 16, 17, 21, 23};

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;
    private final ObservationValues values;

    public ObservationMapper(MessageContext context, Participants participants) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
        this.values = new ObservationValues(context);
    }

    /**
     * Maps one OBX; {@code scope} is what the observation belongs to (the report key, or the visit), and
     * {@code defaultTime} the report's time used when OBX-14 is empty. Returns the new Observation (the
     * caller adds notes before {@link #add}), or null when OBX-3 is empty.
     */
    public Observation map(Segment obx, String scope, DateTimeType defaultTime) {
        CodeableConcept code = types.codes().cwe(obx, 3);
        if (code == null) {
            context.issues().add(obx, 3, "observation without identifier (OBX-3), not mapped");
            return null;
        }
        Observation observation = new Observation();
        Identifier key = types.identifiers().ei(obx.first(21));
        if (key == null) {
            key = Keys.of("Observation", context.patientKey(), scope, ConditionMapper.codeKey(code), obx.text(4));
        }
        observation.addIdentifier(key);
        observation.setStatus(status(obx));
        observation.setCode(code);
        observation.setSubject(context.patient());
        observation.setEncounter(context.encounter());
        Type value = values.value(obx);
        if (value != null) {
            observation.setValue(value);
        }
        String range = obx.first(7).fullText().strip();
        if (!range.isEmpty()) {
            observation.addReferenceRange().setText(range);
        }
        interpretation(observation, obx);
        DateTimeType effective = types.times().dateTime(obx, 14);
        observation.setEffective(effective != null ? effective : defaultTime == null ? null : defaultTime.copy());
        performers(observation, obx);
        CodeableConcept method = types.codes().cwe(obx, 17);
        if (method != null) {
            observation.setMethod(method);
        }
        FieldCoverage.reportUnmapped(obx, MAPPED, context.issues());
        return observation;
    }

    /** Adds a mapped observation to the bundle; null (and an issue) when its key is already there. */
    public Reference add(Observation observation, Segment obx) {
        Identifier key = observation.getIdentifierFirstRep();
        if (context.bundle().contains("Observation", key)) {
            context.issues().addSegment(obx, "same observation (code and sub-id) already in this message, not mapped again");
            return null;
        }
        Reference reference = context.bundle().upsert(observation, key);
        ExplicitNulls.record(context, obx, reference, ExplicitNulls.OBX);
        return reference;
    }

    private ObservationStatus status(Segment obx) {
        Concept status = types.codes().lookup(ConceptMapName.OBSERVATION_STATUS, obx.text(11), obx, 11);
        if (status == null) {
            if (obx.text(11).isEmpty()) {
                context.issues().add(obx, 11, "no result status: Observation.status set to unknown");
            }
            return ObservationStatus.UNKNOWN;
        }
        return ObservationStatus.fromCode(status.code());
    }

    private void interpretation(Observation observation, Segment obx) {
        for (Composite flag : obx.repetitions(8)) {
            Coding coding = types.codes().mapped(ConceptMapName.INTERPRETATION, "0078", flag.text(1), obx, 8);
            if (coding != null) {
                observation.addInterpretation(new CodeableConcept().addCoding(coding));
            }
        }
    }

    private void performers(Observation observation, Segment obx) {
        for (Composite xcn : obx.repetitions(16)) {
            Reference practitioner = participants.practitioner(xcn, obx, 16);
            if (practitioner != null) {
                observation.addPerformer(practitioner);
            }
        }
        Reference organization = participants.organization(obx.first(23), obx, 23);
        if (organization != null) {
            observation.addPerformer(organization);
        }
    }
}
