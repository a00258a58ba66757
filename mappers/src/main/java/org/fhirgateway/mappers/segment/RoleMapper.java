package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;

/**
 * PRT and ROL naming a person to a PractitionerRole (IG PRT[PractitionerRole], ROL[Encounter-PractitionerRole]):
 * practitioner PRT-5 / ROL-4, code PRT-4 / ROL-3, organization PRT-8, period PRT-11..12 / ROL-5..6. Keyed by
 * practitioner and role code. A PRT without a person (a device or organization participation) is reported.
 */
public final class RoleMapper {

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;

    public RoleMapper(MessageContext context, Participants participants) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
    }

    /** The role as a reference, with its code; null (reported) when the segment names no person. */
    public Role map(Segment segment) {
        boolean prt = segment.id().equals("PRT");
        int personField = prt ? 5 : 4;
        int roleField = prt ? 4 : 3;
        int startField = prt ? 11 : 5;
        Reference practitioner = participants.practitioner(segment, personField);
        if (practitioner == null) {
            context.issues().addSegment(segment, "participation without a person (" + segment.id() + "-"
                    + personField + "), not mapped");
            return null;
        }
        CodeableConcept code = types.codes().cwe(segment, roleField);
        PractitionerRole role = new PractitionerRole();
        Composite person = segment.first(personField); // the person's id and name, never the message-scoped fullUrl
        Identifier key = Keys.of("PractitionerRole", types.context().localSystem(), person.text(1), person.text(2),
                person.text(3), code == null ? "" : ConditionMapper.codeKey(code));
        role.addIdentifier(key);
        role.setPractitioner(practitioner);
        if (code != null) {
            role.addCode(code);
        }
        if (prt) {
            Reference organization = participants.organization(segment.first(8), segment, 8);
            if (organization != null) {
                role.setOrganization(organization);
            }
        }
        Period period = types.times().period(segment.text(startField), segment.text(startField + 1), segment, startField);
        if (period != null) {
            role.setPeriod(period);
        }
        return new Role(context.bundle().upsert(role, key), code);
    }

    /** A mapped role: the reference to the PractitionerRole and its code (null when not sent). */
    public record Role(Reference reference, CodeableConcept code) {
    }
}
