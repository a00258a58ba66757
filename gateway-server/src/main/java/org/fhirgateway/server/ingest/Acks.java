package org.fhirgateway.server.ingest;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Builds ACK messages as text from the fields of the message they answer: MSH with sender and receiver
 * swapped, the same version and processing id, MSH-9 ACK^event^ACK, MSA with the code and the original
 * control id, and an ERR segment when there is an error: ERR-2 location (segment^1^field), ERR-3 the HL7
 * table 0357 code, ERR-4 severity, ERR-5 the gateway's stable error code, ERR-8 a text without patient data. Pure functions; the ACK's own control id and time are given by the caller. Parses with HAPI's
 * PipeParser (see AcksTest).
 */
public final class Acks {

    /** MSH-3 of an ACK when the message answered did not name its receiving application (MSH-5). */
    static final String GATEWAY_APPLICATION = "FHIRGATEWAY";

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ");
    /** Header used to answer input whose own MSH could not be read. */
    private static final V2Header UNKNOWN = new V2Header('|', "^~\\&", "", "", "", "", "ACK", "", "", "P", "2.5.1",
            "", "", "", "");

    private Acks() {
    }

    /**
     * @param to the header of the message answered, or null when it could not be read
     * @param error the error for AE/AR/CE/CR (null for a positive acknowledgment)
     */
    public static String build(V2Header to, AckCode code, IngestError error, String ackControlId, OffsetDateTime now) {
        V2Header h = to == null ? UNKNOWN : to;
        char fs = h.fieldSeparator();
        char cs = h.encodingCharacters().charAt(0);
        StringBuilder b = new StringBuilder(256);
        b.append("MSH").append(fs).append(h.encodingCharacters())
                .append(fs).append(h.receivingApplication().isEmpty() ? GATEWAY_APPLICATION : h.receivingApplication())
                .append(fs).append(h.receivingFacility())
                .append(fs).append(h.sendingApplication())
                .append(fs).append(h.sendingFacility())
                .append(fs).append(TS.format(now))
                .append(fs)
                .append(fs).append("ACK").append(cs).append(h.triggerEvent()).append(cs).append("ACK")
                .append(fs).append(escape(ackControlId, h))
                .append(fs).append(h.processingId().isEmpty() ? "P" : h.processingId())
                .append(fs).append(h.version().isEmpty() ? "2.5.1" : h.version())
                .append('\r');
        b.append("MSA").append(fs).append(code.name()).append(fs).append(h.controlId());
        b.append('\r');
        if (error != null) {
            b.append("ERR").append(fs).append(fs);
            if (error.segment() != null) {
                b.append(error.segment()).append(cs).append('1');
                if (error.field() > 0) {
                    b.append(cs).append(error.field());
                }
            }
            String hl7 = hl7ErrorCode(error.code());
            b.append(fs).append(hl7).append(cs).append(hl7ErrorText(hl7)).append(cs).append("HL70357")
                    .append(fs).append(code.positive() ? 'W' : 'E')
                    .append(fs).append(escape(error.code(), h))
                    .append(fs).append(fs)
                    .append(fs).append(escape(error.text(), h))
                    .append('\r');
        }
        return b.toString();
    }

    /** The HL7 table 0357 code for a gateway error code. */
    static String hl7ErrorCode(String code) {
        return switch (code) {
            case "REQUIRED_FIELD_MISSING" -> "101";
            case "INVALID_VALUE", "MALFORMED", "NOT_HL7", "MESSAGE_TOO_LARGE", "NOT_FRAMED" -> "102";
            case "UNSUPPORTED_MESSAGE_TYPE" -> "200";
            default -> "207";
        };
    }

    private static String hl7ErrorText(String hl7) {
        return switch (hl7) {
            case "101" -> "Required field missing";
            case "102" -> "Data type error";
            case "200" -> "Unsupported message type";
            default -> "Application internal error";
        };
    }

    /** HL7 escape sequences for the delimiters, so a reason text can never break the ACK's structure. */
    static String escape(String text, V2Header h) {
        if (text == null) {
            return "";
        }
        String enc = h.encodingCharacters();
        char esc = enc.length() > 2 ? enc.charAt(2) : '\\';
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == esc) {
                out.append(esc).append('E').append(esc);
            } else if (c == h.fieldSeparator()) {
                out.append(esc).append('F').append(esc);
            } else if (c == enc.charAt(0)) {
                out.append(esc).append('S').append(esc);
            } else if (c == enc.charAt(1)) {
                out.append(esc).append('R').append(esc);
            } else if (enc.length() > 3 && c == enc.charAt(3)) {
                out.append(esc).append('T').append(esc);
            } else if (c == '\r' || c == '\n') {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
