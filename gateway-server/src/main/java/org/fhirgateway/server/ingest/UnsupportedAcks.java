package org.fhirgateway.server.ingest;

import java.util.Map;

/**
 * How a message of a type/event the mappers do not support is answered: AA with an ERR warning (severity W, HL7
 * table 0357 code 200) or AR, by default and per sending facility (MSH-4, or MSH-3 when no facility entry matches).
 * Either way the message is stored {@code unsupported} and never holds its patient's later messages.
 *
 * @param byDefault AA or AR
 * @param bySender sending facility (or application) -> AA or AR
 */
public record UnsupportedAcks(AckCode byDefault, Map<String, AckCode> bySender) {

    public static final UnsupportedAcks DEFAULT = new UnsupportedAcks(AckCode.AA, Map.of());

    public UnsupportedAcks {
        if (byDefault != AckCode.AA && byDefault != AckCode.AR) {
            throw new IllegalArgumentException("an unsupported message type is answered AA or AR");
        }
        bySender = Map.copyOf(bySender);
        for (AckCode code : bySender.values()) {
            if (code != AckCode.AA && code != AckCode.AR) {
                throw new IllegalArgumentException("an unsupported message type is answered AA or AR");
            }
        }
    }

    /** The answer for a message from {@code header}'s sender (the default when the header could not be read). */
    AckCode answerFor(V2Header header) {
        if (header == null) {
            return byDefault;
        }
        AckCode code = bySender.get(header.sendingFacility());
        if (code == null) {
            code = bySender.get(header.sendingApplication());
        }
        return code == null ? byDefault : code;
    }
}
