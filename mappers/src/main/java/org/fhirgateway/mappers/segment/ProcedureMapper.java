package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;

/** PR1 to Procedure (IG PR1[Procedure]). */
public final class ProcedureMapper {

    private static final int[] MAPPED = {1, 3, 4, 5, 8, 11, 12, 15, 19};

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;

    public ProcedureMapper(MessageContext context, Participants participants) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
    }

    public Procedure map(Segment pr1) {
        CodeableConcept code = types.codes().cwe(pr1, 3);
        if (code == null && !pr1.text(4).isEmpty()) {
            code = new CodeableConcept().setText(pr1.first(4).fullText().strip());
        }
        if (code == null) {
            context.issues().addSegment(pr1, "procedure has neither code (PR1-3) nor description (PR1-4), not mapped");
            return null;
        }
        Procedure procedure = new Procedure();
        Identifier key = types.identifiers().ei(pr1.first(19));
        if (key == null) {
            key = Keys.of("Procedure", context.patientKey(), context.encounterKey(), ConditionMapper.codeKey(code),
                    pr1.text(5));
        }
        procedure.addIdentifier(key);
        procedure.setStatus(Procedure.ProcedureStatus.COMPLETED);
        procedure.setCode(code);
        procedure.setSubject(context.patient());
        procedure.setEncounter(context.encounter());
        DateTimeType performed = types.times().dateTime(pr1, 5);
        if (performed != null) {
            procedure.setPerformed(performed);
        }
        for (int field : new int[] {8, 11, 12}) {
            for (Composite xcn : pr1.repetitions(field)) {
                Reference actor = participants.practitioner(xcn, pr1, field);
                if (actor != null) {
                    procedure.addPerformer().setActor(actor);
                }
            }
        }
        CodeableConcept reason = types.codes().cwe(pr1, 15);
        if (reason != null) {
            procedure.addReasonCode(reason);
        }
        FieldCoverage.reportUnmapped(pr1, MAPPED, context.issues());
        context.bundle().upsert(procedure, key);
        return procedure;
    }
}
