package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingException.Code;
import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Patient.LinkType;
import org.hl7.fhir.r4.model.Reference;

/**
 * A40 merge: each PID is a survivor, the MRG after it names the losing identifiers (MRG-1). The losing
 * Patient is written inactive with a {@code replaced-by} link; the survivor gets a {@code replaces} link.
 * The context's patient (and so the ordering key) is the first survivor.
 */
final class MergeAssembler implements Assembler {

    @Override
    public void assemble(V2Message message, MessageContext context) throws MappingException {
        Participants participants = new Participants(context);
        PatientSection patients = new PatientSection(context, participants);
        Patient survivor = null;
        Reference survivorRef = null;
        String firstPatientKey = null;
        Reference firstPatient = null;
        Identifier firstKey = null;
        boolean merged = false;
        for (Segment segment : message.segments()) {
            switch (segment.id()) {
                case "MSH", "EVN" -> { }
                case "PID" -> {
                    Identifier key = patients.key(segment);
                    survivor = patients.mapPid(segment);
                    survivorRef = context.patient();
                    if (firstPatientKey == null) {
                        firstPatientKey = context.patientKey();
                        firstPatient = survivorRef;
                        firstKey = key;
                    }
                }
                case "MRG" -> {
                    if (survivor == null) {
                        throw new MappingException(Code.MALFORMED, "MRG", null, "MRG before any PID");
                    }
                    merge(segment, survivor, survivorRef, context);
                    merged = true;
                }
                default -> {
                    if (survivor == null || !patients.mapPatientSegment(segment)) {
                        Unmapped.segment(segment, context.issues());
                    }
                }
            }
        }
        if (!merged) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "MRG", "MRG-1", "merge message without MRG segment");
        }
        context.patient(firstPatient, firstKey);
    }

    private static void merge(Segment mrg, Patient survivor, Reference survivorRef, MessageContext context)
            throws MappingException {
        DataTypes types = context.types();
        Patient losing = new Patient();
        for (Composite cx : mrg.repetitions(1)) {
            Identifier id = types.identifiers().cx(cx, mrg, 1);
            if (id != null) {
                losing.addIdentifier(id);
            }
        }
        if (!losing.hasIdentifier()) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "MRG", "MRG-1",
                    "prior patient identifier list is empty: nothing to merge");
        }
        Identifier losingKey = losing.getIdentifierFirstRep();
        losing.setActive(false);
        losing.addLink().setOther(new Reference(survivorRef.getReference())).setType(LinkType.REPLACEDBY);
        Reference losingRef = context.bundle().upsert(losing, losingKey);
        survivor.addLink().setOther(losingRef).setType(LinkType.REPLACES);
        survivor.setActive(true);
    }
}
