package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.RoleMapper;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.ChargeItem;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;

/**
 * PRT and ROL in a BAR or DFT message: the PractitionerRole goes on the resource of the segment the PRT/ROL
 * follows, as Encounter.participant (PV1), Procedure.performer (PR1) or ChargeItem.performer (FT1), with the
 * role code as participant type or performer function. One before any of them is written and reported.
 */
final class BillingRoles {

    private final RoleMapper roles;
    private final MessageContext context;
    private Resource target;

    BillingRoles(RoleMapper roles, MessageContext context) {
        this.roles = roles;
        this.context = context;
    }

    /** The resource later PRT/ROL segments belong to (null when the segment mapped none). */
    void follow(Resource resource) {
        target = resource;
    }

    void map(Segment segment) {
        RoleMapper.Role role = roles.map(segment);
        if (role == null) {
            return;
        }
        if (target instanceof Encounter encounter) {
            Encounter.EncounterParticipantComponent participant = encounter.addParticipant()
                    .setIndividual(role.reference().copy());
            if (role.code() != null) {
                participant.addType(role.code().copy());
            }
        } else if (target instanceof Procedure procedure) {
            Procedure.ProcedurePerformerComponent performer = procedure.addPerformer().setActor(role.reference().copy());
            if (role.code() != null) {
                performer.setFunction(role.code().copy());
            }
        } else if (target instanceof ChargeItem charge) {
            ChargeItem.ChargeItemPerformerComponent performer = charge.addPerformer().setActor(role.reference().copy());
            if (role.code() != null) {
                performer.setFunction(role.code().copy());
            }
        } else {
            context.issues().addSegment(segment, "participation before any visit, procedure or charge: the "
                    + "PractitionerRole is written, linked to nothing");
        }
    }
}
