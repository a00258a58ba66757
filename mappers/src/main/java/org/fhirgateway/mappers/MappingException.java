package org.fhirgateway.mappers;

/**
 * The message cannot be turned into a bundle at all: unparseable, unsupported type, a required field missing.
 * The message says what is wrong (segment, field, reason) and carries a stable {@link Code}.
 */
public final class MappingException extends Exception {

    /** Stable error codes; also used as HL7 ERR-3 / OperationOutcome detail codes. */
    public enum Code {
        /** Not an HL7 v2 message: no MSH, bad encoding characters, empty input. */
        NOT_HL7,
        /** A segment or field cannot be read. */
        MALFORMED,
        /** Message type or trigger event the gateway does not map. */
        UNSUPPORTED_MESSAGE_TYPE,
        /** A field the mapping needs is empty, e.g. PID-3 or MSH-10. */
        REQUIRED_FIELD_MISSING,
        /** A value that cannot be interpreted, e.g. a timestamp "2024-13-45". */
        INVALID_VALUE
    }

    private final Code code;
    private final String segment;
    private final String field;

    public MappingException(Code code, String segment, String field, String reason) {
        super(describe(segment, field, reason));
        this.code = code;
        this.segment = segment;
        this.field = field;
    }

    public Code code() {
        return code;
    }

    /** Segment id, or null when the problem is the message as a whole. */
    public String segment() {
        return segment;
    }

    /** Field reference such as PID-3, or null. */
    public String field() {
        return field;
    }

    private static String describe(String segment, String field, String reason) {
        StringBuilder text = new StringBuilder();
        if (field != null) {
            text.append(field).append(": ");
        } else if (segment != null) {
            text.append(segment).append(": ");
        }
        return text.append(reason).toString();
    }
}
