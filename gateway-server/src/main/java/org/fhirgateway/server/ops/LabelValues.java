package org.fhirgateway.server.ops;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.fhirgateway.server.ingest.V2Header;

/**
 * The only way a value reaches a metric label: sanitised and bounded, never free text from a message. A message
 * type must look like {@code ADT_A01} (code and trigger of three letters or digits); a sender ({@code MSH-3|MSH-4})
 * must be one of the configured {@code metricsSenders}, or, when none are configured, one of the first
 * {@link #MAX_SENDERS} distinct well-formed senders seen. Everything else is {@code other}; an absent header is
 * {@code unknown}.
 */
final class LabelValues {

    static final String OTHER = "other";
    static final String UNKNOWN = "unknown";
    static final int MAX_SENDERS = 50;

    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{3}");
    private static final Pattern FAILURE_CODE = Pattern.compile("[A-Z0-9_]{1,40}");
    private static final Pattern SENDER_PART = Pattern.compile("[A-Za-z0-9._-]{0,40}");

    private final Set<String> configured;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** @param configuredSenders {@code APP|FACILITY} or {@code FACILITY} entries; empty: the first ones seen */
    LabelValues(List<String> configuredSenders) {
        this.configured = Set.copyOf(configuredSenders);
    }

    /** {@code ADT_A01}, {@code ORU_R01}, {@code ADT} (no trigger), else other/unknown. */
    String messageType(V2Header header) {
        if (header == null) {
            return UNKNOWN;
        }
        String code = header.messageCode().toUpperCase(Locale.ROOT);
        String trigger = header.triggerEvent().toUpperCase(Locale.ROOT);
        if (!CODE.matcher(code).matches() || !trigger.isEmpty() && !CODE.matcher(trigger).matches()) {
            return OTHER;
        }
        return trigger.isEmpty() ? code : code + "_" + trigger;
    }

    /** {@code APP|FACILITY} of a known sender, else other/unknown. */
    String sender(V2Header header) {
        if (header == null) {
            return UNKNOWN;
        }
        String app = header.sendingApplication();
        String facility = header.sendingFacility();
        if (!SENDER_PART.matcher(app).matches() || !SENDER_PART.matcher(facility).matches()) {
            return OTHER;
        }
        String sender = app + "|" + facility;
        if (!configured.isEmpty()) {
            return configured.contains(sender) || configured.contains(facility) ? sender : OTHER;
        }
        if (seen.contains(sender)) {
            return sender;
        }
        synchronized (seen) {
            if (seen.size() < MAX_SENDERS) {
                seen.add(sender);
                return sender;
            }
        }
        return OTHER;
    }

    /** A stable failure code such as {@code REQUIRED_FIELD_MISSING}, else other. */
    static String failureCode(String code) {
        return code != null && FAILURE_CODE.matcher(code).matches() ? code : OTHER;
    }

    /** A resource type among {@code known}, else other. */
    static String resourceType(String type, Set<String> known) {
        return type != null && known.contains(type) ? type : OTHER;
    }
}
