package org.fhirgateway.server.ingest;

/**
 * The few fields of a v2 message the ingest needs before any mapping: who sent it, its control id, its type,
 * the acknowledgment it asks for, and the patient keys that order it.
 *
 * @param fieldSeparator MSH-1
 * @param encodingCharacters MSH-2
 * @param sendingApplication MSH-3 as sent
 * @param sendingFacility MSH-4 as sent ("" when empty)
 * @param receivingApplication MSH-5 as sent
 * @param receivingFacility MSH-6 as sent
 * @param messageCode MSH-9.1, e.g. ADT
 * @param triggerEvent MSH-9.2, e.g. A01 ("" when empty)
 * @param controlId MSH-10
 * @param processingId MSH-11 as sent
 * @param version MSH-12 as sent
 * @param acceptAckType MSH-15 ("" when empty: original acknowledgment mode)
 * @param applicationAckType MSH-16 ("" when empty)
 * @param patientKey the first PID-3 identifier as "authority|id" ("" when the message names no patient)
 * @param mergeKey for a merge, the first MRG-1 identifier (the losing patient), else ""
 */
public record V2Header(
        char fieldSeparator,
        String encodingCharacters,
        String sendingApplication,
        String sendingFacility,
        String receivingApplication,
        String receivingFacility,
        String messageCode,
        String triggerEvent,
        String controlId,
        String processingId,
        String version,
        String acceptAckType,
        String applicationAckType,
        String patientKey,
        String mergeKey) {

    /** e.g. ADT^A01 */
    public String messageType() {
        return triggerEvent.isEmpty() ? messageCode : messageCode + "^" + triggerEvent;
    }

    /** Enhanced acknowledgment mode: MSH-15 or MSH-16 is valued. */
    public boolean enhancedMode() {
        return !acceptAckType.isEmpty() || !applicationAckType.isEmpty();
    }

    /** The ordering lane: the patient key, or one lane per sender for messages without a patient. */
    public String lane() {
        return patientKey.isEmpty() ? "~" + sendingFacility : patientKey;
    }
}
