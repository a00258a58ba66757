package org.fhirgateway.server.console.records;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import org.fhirgateway.server.console.ConsoleException;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.DisclosureLog;

/**
 * Break-the-glass disclosures awaiting review, and marking one reviewed with a note: the service behind
 * {@code AuditEvent?review-status=pending} and {@code AuditEvent/[id]/$review}, with the same rule (the operators
 * only: a policy that may read AuditEvent) and the same record (reviewer, note, time).
 */
public final class GlassReviews {

    /** The API's default page of {@code AuditEvent?review-status=pending}. */
    static final int PAGE = 100;
    static final int MAX_NOTE = 2000;

    private final DisclosureLog log;
    private final ZoneId zone;
    private final Clock clock;

    public GlassReviews(DisclosureLog log, ZoneId zone, Clock clock) {
        this.log = log;
        this.zone = zone;
        this.clock = clock;
    }

    /** Whether the caller may see and review them at all. */
    public static boolean allowed(AccessContext ctx) {
        return ctx.canRead("AuditEvent");
    }

    /** The newest {@value #PAGE} awaiting review; refused for a caller that is no operator. */
    public List<DisclosureRow> pending(AccessContext ctx) {
        PrivacyRecords.requireAccounting(ctx);
        return log.find(new DisclosureLog.Query(null, null, null, null, true, null, PAGE)).stream()
                .map(d -> DisclosureRow.of(d, zone)).toList();
    }

    /** Marks one reviewed, by the caller, with its note (required, as {@code $review} requires it). */
    public void markReviewed(AccessContext ctx, long id, String note) {
        PrivacyRecords.requireAccounting(ctx);
        String text = note == null ? "" : note.strip();
        if (text.isEmpty() || text.length() > MAX_NOTE) {
            throw ConsoleException.badInput("A review needs a note (up to " + MAX_NOTE + " characters): what "
                    + "made the emergency access necessary, or what was done about it.");
        }
        if (!log.markReviewed(id, ctx.clientName(), text, clock.millis())) {
            throw new ConsoleException(400, "GW-CONSENT-004", "That disclosure is not a break-the-glass disclosure "
                    + "awaiting review (it may have been reviewed already).");
        }
    }
}
