package org.fhirgateway.server.console.records;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fhirgateway.server.store.DisclosureLog;

/**
 * One recorded disclosure as the privacy page and the letter show it: when, to which client, for what purpose,
 * under which policy, and what was released (counted by type, and listed), with its break-the-glass review.
 *
 * @param released the resources released, by type: "Observation (2), Patient (1)"
 * @param resources every resource released, as recorded ({@code Type/id/_history/n})
 * @param review who reviewed it when and why, or empty; null when it is no break-the-glass disclosure
 */
public record DisclosureRow(long id, String date, String client, String purpose, String policy, String interaction,
        String released, List<String> resources, List<String> patients, boolean breakGlass, String review) {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    static DisclosureRow of(DisclosureLog.Disclosure d, ZoneId zone) {
        String review = null;
        if (d.breakGlass()) {
            review = d.reviewedAt() == null ? "" : "reviewed by " + d.reviewedBy() + " on "
                    + when(d.reviewedAt(), zone) + (d.reviewNote() == null ? "" : ": " + d.reviewNote());
        }
        return new DisclosureRow(d.id(), when(d.at(), zone), d.client(), Purposes.text(d.purpose()), d.policy(),
                d.interaction(), byType(d.resources()), d.resources(), d.patients(), d.breakGlass(), review);
    }

    /** Whether it is a break-the-glass disclosure nobody has reviewed yet. */
    public boolean awaitingReview() {
        return breakGlass && review != null && review.isEmpty();
    }

    static String when(long epochMillis, ZoneId zone) {
        return WHEN.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    private static String byType(List<String> resources) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String r : resources) {
            int slash = r.indexOf('/');
            counts.merge(slash < 0 ? r : r.substring(0, slash), 1, Integer::sum);
        }
        StringBuilder s = new StringBuilder();
        counts.forEach((type, n) -> s.append(s.length() == 0 ? "" : ", ").append(type).append(" (").append(n)
                .append(')'));
        return s.length() == 0 ? "nothing stored" : s.toString();
    }
}
