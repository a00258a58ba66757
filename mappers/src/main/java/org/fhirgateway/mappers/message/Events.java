package org.fhirgateway.mappers.message;

import java.util.Map;
import org.fhirgateway.mappers.segment.VisitEvent;

/** The message types the gateway maps, and what each ADT trigger event does to the visit. */
final class Events {

    /** ADT events with a visit; A28, A31 (person only) and A40 (merge) are handled apart. */
    static final Map<String, VisitEvent> VISIT_EVENTS = Map.ofEntries(
            Map.entry("A01", VisitEvent.ADMIT_OR_UPDATE),
            Map.entry("A04", VisitEvent.ADMIT_OR_UPDATE),
            Map.entry("A05", VisitEvent.ADMIT_OR_UPDATE),
            Map.entry("A06", VisitEvent.ADMIT_OR_UPDATE),
            Map.entry("A07", VisitEvent.ADMIT_OR_UPDATE),
            Map.entry("A08", VisitEvent.ADMIT_OR_UPDATE),
            Map.entry("A02", VisitEvent.TRANSFER),
            Map.entry("A03", VisitEvent.DISCHARGE),
            Map.entry("A11", VisitEvent.CANCEL_ADMIT),
            Map.entry("A12", VisitEvent.CANCEL_TRANSFER),
            Map.entry("A13", VisitEvent.CANCEL_DISCHARGE));

    static final String SUPPORTED = "ADT^A01, A02, A03, A04, A05, A06, A07, A08, A11, A12, A13, A28, A31, A40; ORU^R01; "
            + OrderEvents.SUPPORTED;

    private Events() {
    }

    static boolean isPersonOnly(String code, String trigger) {
        return "ADT".equals(code) && ("A28".equals(trigger) || "A31".equals(trigger));
    }

    static boolean isMerge(String code, String trigger) {
        return "ADT".equals(code) && "A40".equals(trigger);
    }

    static boolean isResult(String code, String trigger) {
        return "ORU".equals(code) && "R01".equals(trigger);
    }

    static boolean isSupported(String code, String trigger) {
        return ("ADT".equals(code) && VISIT_EVENTS.containsKey(trigger)) || isPersonOnly(code, trigger)
                || isMerge(code, trigger) || isResult(code, trigger) || OrderEvents.assembler(code, trigger) != null;
    }
}
