package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingException.Code;
import org.fhirgateway.mappers.segment.ConsentMapper;
import org.fhirgateway.mappers.segment.Keys;
import org.fhirgateway.mappers.segment.MessageContext;
import org.fhirgateway.mappers.segment.NextOfKinMapper;
import org.fhirgateway.mappers.segment.Participants;
import org.fhirgateway.mappers.segment.PatientMapper;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/**
 * The patient part of a message: PID, PD1, NK1 and CON (consent) segments. The PID is required except where the
 * message structure makes the patient optional (ORU^R01, see {@link ResultAssembler}).
 */
final class PatientSection {

    private final MessageContext context;
    private final PatientMapper patients;
    private final NextOfKinMapper nextOfKin;
    private final ConsentMapper consents;
    private Patient patient;

    PatientSection(MessageContext context, Participants participants) {
        this.context = context;
        this.patients = new PatientMapper(context, participants);
        this.nextOfKin = new NextOfKinMapper(context, participants);
        this.consents = new ConsentMapper(context);
    }

    /** Maps the PID, adds the Patient to the bundle first, and makes it the context's patient. */
    Patient mapPid(V2Message message) throws MappingException {
        Segment pid = message.first("PID");
        if (pid == null) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "PID", null, "the message has no PID segment");
        }
        return mapPid(pid);
    }

    Patient mapPid(Segment pid) throws MappingException {
        Identifier key = patients.key(pid);
        Reference reference = context.bundle().referenceTo("Patient", key);
        context.patient(reference, key);
        patient = patients.map(pid, reference);
        if (Keys.isGatewayKey(key)) {
            patient.addIdentifier(key); // the conditional PUT finds the Patient by it
        }
        context.bundle().upsert(patient, key);
        return patient;
    }

    /**
     * Maps the PID as {@link #mapPid(Segment)} does, but writes the entry under {@code entryKey} (A47: the prior
     * identifier, so the stored Patient is updated and gets the new one); the context's patient key stays PID-3's.
     */
    Patient mapPidUnder(Segment pid, Identifier entryKey) throws MappingException {
        Identifier key = patients.key(pid);
        Reference reference = context.bundle().referenceTo("Patient", entryKey);
        context.patient(reference, key);
        patient = patients.map(pid, reference);
        context.bundle().upsert(patient, entryKey);
        return patient;
    }

    Identifier key(Segment pid) throws MappingException {
        return patients.key(pid);
    }

    /** Maps PD1 and NK1 into the current patient and CON to its Consent; false when the segment is none of them. */
    boolean mapPatientSegment(Segment segment) {
        if (patient == null) {
            return false; // no PID: the segment is reported as not mapped
        }
        switch (segment.id()) {
            case "PD1" -> patients.mapPd1(segment, patient);
            case "NK1" -> nextOfKin.map(segment, patient);
            case "CON" -> consents.map(segment);
            default -> {
                return false;
            }
        }
        return true;
    }
}
