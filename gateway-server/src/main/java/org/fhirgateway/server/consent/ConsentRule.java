package org.fhirgateway.server.consent;

/**
 * One row of a patient's consent, as the store keeps it and the query predicates read it: a decision for a
 * recipient, a purpose and a category of data, during a period. Null fields match anything.
 *
 * @param patientId the Patient id the consent is about
 * @param permit true for permit, false for deny
 * @param purpose the purpose of use it is limited to (v3 PurposeOfUse code), or null for any
 * @param recipient {@code client:<name>} or {@code Organization/<id>}, or null for any recipient
 * @param label the sensitivity category it is limited to, or null for all of the patient's data
 * @param starts epoch milliseconds from which it applies, or null
 * @param ends epoch milliseconds from which it no longer applies, or null
 * @param rank the order among the patient's rules: the highest applicable rank wins where two disagree (the
 *     consent's date, so the latest consent wins, with its nested exceptions ranked above its base rule)
 */
public record ConsentRule(String patientId, boolean permit, String purpose, String recipient, SecurityLabel label,
        Long starts, Long ends, long rank) {

    /** The recipient form of a configured client's name. */
    public static String clientRecipient(String clientName) {
        return "client:" + clientName;
    }
}
