package org.fhirgateway.server.ingest;

/**
 * Why a message was refused or failed, as carried in ERR and stored on the inbox row.
 *
 * @param code a stable code (ERR-3.1), e.g. REQUIRED_FIELD_MISSING, MESSAGE_TOO_LARGE, STORE_FAILED
 * @param segment segment id of the location (ERR-2.1), or null
 * @param field field number of the location (ERR-2.3), 0 when unknown
 * @param text a description without patient data (ERR-8)
 */
public record IngestError(String code, String segment, int field, String text) {

    public static IngestError of(String code, String text) {
        return new IngestError(code, null, 0, text);
    }

    /** A storage failure that is not the database being unavailable: the exception's class and message. */
    public static IngestError storeFailed(Exception e) {
        return of("STORE_FAILED", e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /** From a field reference such as "PID-3" (or null). */
    public static IngestError at(String code, String segment, String fieldRef, String text) {
        int number = 0;
        if (fieldRef != null) {
            int dash = fieldRef.indexOf('-');
            try {
                number = Integer.parseInt(fieldRef.substring(dash + 1).split("\\.", 2)[0]);
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                number = 0;
            }
            if (segment == null && dash > 0) {
                segment = fieldRef.substring(0, dash);
            }
        }
        return new IngestError(code, segment, number, text);
    }
}
