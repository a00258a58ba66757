package org.fhirgateway.mappers;

/**
 * What identifies a v2 message and where it came from, read from MSH/EVN/PID/MRG.
 *
 * @param controlId MSH-10
 * @param sendingApplication MSH-3 (namespace id, or universal id when no namespace)
 * @param sendingFacility MSH-4 (namespace id, or universal id when no namespace)
 * @param messageCode MSH-9.1, e.g. ADT
 * @param triggerEvent the event used for mapping (MSH-9.2, or EVN-1 when MSH-9.2 is empty)
 * @param version MSH-12 as sent
 * @param messageTime MSH-7 as a FHIR dateTime string (null when absent)
 * @param patientKey the key that orders messages of one patient ("system|value" of the first PID-3
 *     identifier; for a merge, the surviving patient's); null when the message names no patient
 */
public record SourceMessage(
        String controlId,
        String sendingApplication,
        String sendingFacility,
        String messageCode,
        String triggerEvent,
        String version,
        String messageTime,
        String patientKey) {

    /** e.g. ADT^A01 */
    public String messageType() {
        return messageCode + "^" + triggerEvent;
    }
}
