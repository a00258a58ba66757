package org.fhirgateway.server.ingest;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.DisclosureLog;
import org.fhirgateway.server.store.StoreException;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;

/**
 * The inbox admin operations (admin scope), mounted at exact paths under /fhir:
 * <ul>
 *   <li>{@code GET $hl7v2-messages?status=&sender=&event=&_since=&_until=&_count=&_cursor=}: a searchset Bundle of
 *       Parameters, newest first, keyset-paged through the {@code next} link</li>
 *   <li>{@code GET $hl7v2-message?id=}: Parameters with the raw text, ACK, Bundle made and resources touched</li>
 *   <li>{@code POST $hl7v2-replay?id=}: puts a failed (or unsupported) message back in its lane (applied first, then the messages
 *       it held); Parameters with its new status</li>
 *   <li>{@code POST $hl7v2-skip?id=}: marks a failed message skipped (kept) and releases its lane</li>
 * </ul>
 * Replay and skip of a message that is not failed: 409. A received message held behind a failed one is listed with
 * status {@code held} and {@code heldBy}; {@code status=held} lists those only.
 */
final class AdminServlet extends HttpServlet {

    static final String LIST = "$hl7v2-messages";
    static final String ONE = "$hl7v2-message";
    static final String REPLAY = "$hl7v2-replay";
    static final String SKIP = "$hl7v2-skip";
    private static final int MAX_COUNT = 500;

    private final transient InboxAdmin admin;
    private final transient AdminResources resources;
    private final transient HttpReplies replies;
    private final transient DisclosureLog disclosures;

    AdminServlet(InboxAdmin admin, AdminResources resources, HttpReplies replies, DisclosureLog disclosures) {
        this.admin = admin;
        this.resources = resources;
        this.replies = replies;
        this.disclosures = disclosures;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<AccessContext> caller = replies.authorize(req, resp, Authenticator::isAdmin);
        if (caller.isEmpty()) {
            return;
        }
        try {
            if (req.getRequestURI().endsWith(LIST)) {
                InboxAdmin.Query query = query(req);
                replies.resource(resp, 200, resources.page(admin.list(query, caller.get()), req, query));
            } else if (req.getRequestURI().endsWith(ONE)) {
                Optional<InboxAdmin.Detail> detail = id(req).flatMap(id -> get(id, caller.get()));
                if (detail.isEmpty()) {
                    replies.outcome(resp, 404, IssueType.NOTFOUND, "GW-INGEST-404: no message with that id");
                    return;
                }
                if (!record(caller.get(), detail.get())) {
                    replies.outcome(resp, 503, IssueType.TRANSIENT, "GW-CONSENT-003: the disclosure could not be"
                            + " recorded, so nothing was sent; retry later");
                    return;
                }
                replies.resource(resp, 200, resources.detail(detail.get()));
            } else {
                replies.outcome(resp, 405, IssueType.NOTSUPPORTED, "GW-INGEST-405: use POST");
            }
        } catch (IllegalArgumentException e) {
            replies.outcome(resp, 400, IssueType.INVALID, "GW-INGEST-400: " + e.getMessage());
        } catch (SQLException | IllegalStateException e) {
            replies.outcome(resp, 500, IssueType.EXCEPTION, "GW-INGEST-500: inbox unavailable");
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<AccessContext> caller = replies.authorize(req, resp, Authenticator::isAdmin);
        if (caller.isEmpty()) {
            return;
        }
        boolean replay = req.getRequestURI().endsWith(REPLAY);
        if (!replay && !req.getRequestURI().endsWith(SKIP)) {
            replies.outcome(resp, 405, IssueType.NOTSUPPORTED, "GW-INGEST-405: use GET");
            return;
        }
        try {
            Optional<Long> id = id(req);
            String by = caller.get().clientName();
            if (id.isEmpty() || get(id.get(), caller.get()).isEmpty()) {
                replies.outcome(resp, 404, IssueType.NOTFOUND, "GW-INGEST-404: no message with that id");
            } else if (replay ? !admin.replay(id.get(), by) : !admin.skip(id.get(), by)) {
                replies.outcome(resp, 409, IssueType.CONFLICT, replay
                        ? "GW-INGEST-409: only a failed or unsupported message can be replayed"
                        : "GW-INGEST-409: only a failed message can be skipped");
            } else {
                Parameters out = new Parameters();
                out.addParameter("id", String.valueOf(id.get()));
                out.addParameter("status", (replay ? InboxStatus.RECEIVED : InboxStatus.SKIPPED).db());
                replies.resource(resp, 200, out);
            }
        } catch (IllegalArgumentException e) {
            replies.outcome(resp, 400, IssueType.INVALID, "GW-INGEST-400: " + e.getMessage());
        } catch (SQLException | IllegalStateException e) {
            replies.outcome(resp, 500, IssueType.EXCEPTION, "GW-INGEST-500: inbox unavailable");
        }
    }

    private Optional<InboxAdmin.Detail> get(long id, AccessContext caller) {
        try {
            return admin.get(id, caller);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Records the release of a message's text (patient data) in the accounting of disclosures, before it is sent;
     * false when the record could not be written. A summary without the text discloses nothing.
     */
    private boolean record(AccessContext caller, InboxAdmin.Detail detail) {
        if (detail.textWithheld() || caller.isSystem()) {
            return true;
        }
        List<String> released = new ArrayList<>();
        released.add("hl7v2-message/" + detail.summary().id());
        released.addAll(detail.touched());
        try {
            disclosures.record(new DisclosureLog.Disclosure(0, System.currentTimeMillis(), caller.clientName(),
                    caller.purposeOfUse(), caller.policy().name(), "hl7v2-message", "/fhir/" + ONE + "?id",
                    detail.patients(), released, List.of("policy:" + caller.policy().name()), false, null, null, null),
                    List.of());
            return true;
        } catch (StoreException e) {
            return false;
        }
    }

    private static Optional<Long> id(HttpServletRequest req) {
        String id = req.getParameter("id");
        if (id == null) {
            throw new IllegalArgumentException("parameter id is required");
        }
        try {
            return Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The list query; each bad value is an IllegalArgumentException naming the parameter, never quoting it. */
    static InboxAdmin.Query query(HttpServletRequest req) {
        String status = req.getParameter("status");
        String count = req.getParameter("_count");
        String cursor = req.getParameter("_cursor");
        long n = count == null ? 50 : AdminParameters.wholeNumber("_count", count);
        if (n < 1 || n > MAX_COUNT) {
            throw new IllegalArgumentException("_count must be 1 to " + MAX_COUNT);
        }
        boolean held = "held".equals(status);
        return new InboxAdmin.Query(status == null || held ? null : status(status), req.getParameter("sender"),
                req.getParameter("event"), AdminParameters.dateTime("_since", req.getParameter("_since")),
                AdminParameters.dateTime("_until", req.getParameter("_until")),
                cursor == null ? null : AdminParameters.wholeNumber("_cursor", cursor), (int) n,
                held);
    }

    private static InboxStatus status(String value) {
        for (InboxStatus s : InboxStatus.values()) {
            if (s.db().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("status must be one of received, applied, failed, duplicate, skipped,"
                + " unsupported, held");
    }

}
