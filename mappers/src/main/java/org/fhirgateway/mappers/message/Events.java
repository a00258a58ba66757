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
            Map.entry("A13", VisitEvent.CANCEL_DISCHARGE),
            Map.entry("A09", VisitEvent.DEPART),
            Map.entry("A10", VisitEvent.ARRIVE),
            Map.entry("A14", VisitEvent.PENDING_ADMIT),
            Map.entry("A15", VisitEvent.PENDING_TRANSFER),
            Map.entry("A16", VisitEvent.PENDING_DISCHARGE),
            Map.entry("A21", VisitEvent.LEAVE_OUT),
            Map.entry("A22", VisitEvent.LEAVE_RETURN),
            Map.entry("A23", VisitEvent.DELETE_VISIT),
            Map.entry("A25", VisitEvent.CANCEL_PENDING_DISCHARGE),
            Map.entry("A26", VisitEvent.CANCEL_PENDING_TRANSFER),
            Map.entry("A27", VisitEvent.CANCEL_PENDING_ADMIT),
            Map.entry("A60", VisitEvent.ADMIT_OR_UPDATE));

    /** ADT events with an assembler of their own (besides A40 merge): swap, link, account merge, move, change id. */
    static final java.util.Set<String> OWN_ASSEMBLER = java.util.Set.of("A17", "A24", "A41", "A45", "A47");

    static final String SUPPORTED = "ADT^A01 to A17, A21 to A29, A31, A40, A41, A45, A47, A60, SIU^S12 to S17, S26"
            + ", ORU^R01; " + OrderEvents.SUPPORTED;

    /** SIU events: book (S12), reschedule (S13), modify (S14), cancel (S15), discontinue (S16), delete (S17), no-show (S26). */
    static final java.util.Set<String> SCHEDULE_EVENTS = java.util.Set.of("S12", "S13", "S14", "S15", "S16", "S17", "S26");

    private Events() {
    }

    static boolean isPersonOnly(String code, String trigger) {
        return "ADT".equals(code) && ("A28".equals(trigger) || "A31".equals(trigger) || "A29".equals(trigger));
    }

    /** A29: delete person information (the Patient is written inactive, the store marks the record). */
    static boolean isPersonDeletion(String code, String trigger) {
        return "ADT".equals(code) && "A29".equals(trigger);
    }

    static boolean isSchedule(String code, String trigger) {
        return "SIU".equals(code) && SCHEDULE_EVENTS.contains(trigger);
    }

    static boolean hasOwnAssembler(String code, String trigger) {
        return "ADT".equals(code) && OWN_ASSEMBLER.contains(trigger);
    }

    /** The assembler of an event in {@link #OWN_ASSEMBLER}. */
    static Assembler ownAssembler(String trigger) {
        switch (trigger) {
            case "A17":
                return new SwapAssembler();
            case "A24":
                return new LinkAssembler();
            case "A41":
                return new AccountMergeAssembler();
            case "A45":
                return new VisitMoveAssembler();
            case "A47":
                return new IdentifierChangeAssembler();
            default:
                throw new IllegalArgumentException(trigger);
        }
    }

    static boolean isMerge(String code, String trigger) {
        return "ADT".equals(code) && "A40".equals(trigger);
    }

    static boolean isResult(String code, String trigger) {
        return "ORU".equals(code) && "R01".equals(trigger);
    }

    static boolean isSupported(String code, String trigger) {
        return ("ADT".equals(code) && VISIT_EVENTS.containsKey(trigger)) || isPersonOnly(code, trigger)
                || isMerge(code, trigger) || isResult(code, trigger) || hasOwnAssembler(code, trigger)
                || isSchedule(code, trigger) || OrderEvents.assembler(code, trigger) != null;
    }
}
