package org.fhirgateway.mappers.message;

import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingException.Code;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Patient.LinkType;
import org.hl7.fhir.r4.model.Reference;

/**
 * A24 (link patient information): two PIDs naming the same person under two records; each Patient gets a
 * {@code seealso} link to the other. Nothing is merged or moved. The visits (PV1) of A24 are not mapped.
 */
final class LinkAssembler implements Assembler {

    @Override
    public void assemble(V2Message message, MessageContext context) throws MappingException {
        List<Segment> before = new ArrayList<>();
        List<PatientGroups.Group> groups = PatientGroups.of(message, before);
        before.forEach(segment -> Unmapped.segment(segment, context.issues()));
        if (groups.size() != 2) {
            throw new MappingException(Code.MALFORMED, "PID", null, "a link (A24) needs two PID segments");
        }
        Participants participants = new Participants(context);
        Patient[] patients = new Patient[2];
        Reference[] references = new Reference[2];
        Identifier firstKey = null;
        for (int i = 0; i < 2; i++) {
            PatientGroups.Group group = groups.get(i);
            PatientSection section = new PatientSection(context, participants);
            patients[i] = section.mapPid(group.pid());
            references[i] = context.patient();
            if (i == 0) {
                firstKey = section.key(group.pid());
            }
            for (Segment segment : group.segments()) {
                if (segment == group.pid() || section.mapPatientSegment(segment)) {
                    continue;
                }
                if (segment.id().equals("PV1") || segment.id().equals("PV2")) {
                    context.issues().addSegment(segment, "link (A24): visit segment not mapped");
                } else {
                    Unmapped.segment(segment, context.issues());
                }
            }
        }
        patients[0].addLink().setOther(new Reference(references[1].getReference())).setType(LinkType.SEEALSO);
        patients[1].addLink().setOther(new Reference(references[0].getReference())).setType(LinkType.SEEALSO);
        context.patient(references[0], firstKey);
    }
}
