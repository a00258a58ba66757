package org.fhirgateway.server.app;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.fhirgateway.server.ingest.AckCode;
import org.fhirgateway.server.ingest.UnsupportedAcks;

/**
 * Per-feed rules read from the configuration: how a message of a type the mappers do not support is answered,
 * {@code v2UnsupportedAck: AA|AR} (default AA, with an ERR warning) and per sender
 * {@code v2UnsupportedAckSenders: LAB=AR, RIS=AA} (sending facility MSH-4, or application MSH-3, = AA or AR).
 */
final class FeedRules {

    private FeedRules() {
    }

    static UnsupportedAcks unsupportedAcks(Map<Setting, String> values) {
        AckCode byDefault = answer(values.get(Setting.V2_UNSUPPORTED_ACK), "v2UnsupportedAck must be AA or AR");
        Map<String, AckCode> bySender = new LinkedHashMap<>();
        String senders = values.get(Setting.V2_UNSUPPORTED_ACK_SENDERS);
        if (senders != null) {
            for (String part : senders.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String message = "v2UnsupportedAckSenders entries are SENDER=AA or SENDER=AR, comma-separated";
                if (eq <= 0 || eq == part.length() - 1) {
                    throw new ConfigException(message);
                }
                bySender.put(part.substring(0, eq).trim(), answer(part.substring(eq + 1), message));
            }
        }
        return new UnsupportedAcks(byDefault, bySender);
    }

    private static AckCode answer(String value, String message) {
        String code = value == null ? "AA" : value.trim().toUpperCase(Locale.ROOT);
        if (!code.equals("AA") && !code.equals("AR")) {
            throw new ConfigException(message);
        }
        return AckCode.valueOf(code);
    }
}
