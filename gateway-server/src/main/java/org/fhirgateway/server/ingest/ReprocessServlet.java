package org.fhirgateway.server.ingest;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.StoreException;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Reprocessing, admin only, mounted at exact paths under /fhir:
 * <ul>
 *   <li>{@code POST $hl7v2-reprocess?sender=&type=&_since=&_until=&status=&dryRun=&reason=}: starts a job (202, its
 *       status URL in Content-Location); {@code dryRun} defaults to true; a real run needs a {@code reason}</li>
 *   <li>{@code GET $hl7v2-reprocess-status?job=&_count=&_cursor=}: state, counts and the per-message report (paged)</li>
 *   <li>{@code POST $hl7v2-reprocess-stop?job=}: stops between messages; {@code POST $hl7v2-reprocess-resume?job=}
 *       goes on from the position (also after a restart)</li>
 * </ul>
 * It rewrites the record of every selected patient, so only an administrator whose release policy withholds
 * nothing may use it (GW-REPROCESS-005); the report names inbox ids and resource ids, never message content.
 */
final class ReprocessServlet extends HttpServlet {

    static final String START = "$hl7v2-reprocess";
    static final String STATUS = "$hl7v2-reprocess-status";
    static final String STOP = "$hl7v2-reprocess-stop";
    static final String RESUME = "$hl7v2-reprocess-resume";
    private static final int MAX_COUNT = 500;
    private static final Pattern TYPE = Pattern.compile("[A-Z0-9]{3}(\\^[A-Z0-9]{2,3})?");

    private final transient ReprocessRunner runner;
    private final transient ReprocessResources resources;
    private final transient HttpReplies replies;

    ReprocessServlet(ReprocessRunner runner, ReprocessResources resources, HttpReplies replies) {
        this.runner = runner;
        this.resources = resources;
        this.replies = replies;
    }

    /** A bad request: 400 with {@code GW-REPROCESS-<code>}; the message names the parameter, never quotes it. */
    private static final class BadRequest extends Exception {
        final String code;

        BadRequest(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<AccessContext> caller = authorize(req, resp);
        if (caller.isEmpty()) {
            return;
        }
        if (!req.getRequestURI().endsWith(STATUS)) {
            replies.outcome(resp, 405, IssueType.NOTSUPPORTED, "GW-REPROCESS-007: use POST");
            return;
        }
        try {
            long id = job(req);
            int count = (int) whole("_count", req.getParameter("_count"), 100);
            if (count < 1 || count > MAX_COUNT) {
                throw new BadRequest("001", "_count must be 1 to " + MAX_COUNT);
            }
            String cursor = req.getParameter("_cursor");
            Long after = cursor == null ? null : whole("_cursor", cursor, 0);
            Optional<ReprocessJobs.Job> job = runner.jobs().get(id);
            if (job.isEmpty()) {
                notFound(resp);
                return;
            }
            replies.resource(resp, 200, resources.status(job.get(), runner.jobs().items(id, after, count), req));
        } catch (BadRequest e) {
            replies.outcome(resp, 400, IssueType.INVALID, "GW-REPROCESS-" + e.code + ": " + e.getMessage());
        } catch (SQLException | RuntimeException e) {
            unavailable(resp);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<AccessContext> caller = authorize(req, resp);
        if (caller.isEmpty()) {
            return;
        }
        String uri = req.getRequestURI();
        try {
            if (uri.endsWith(START)) {
                ReprocessJobs.Job job = runner.start(selection(req), dryRun(req), reason(req), caller.get());
                accepted(req, resp, job.id());
            } else if (uri.endsWith(STOP) || uri.endsWith(RESUME)) {
                long id = job(req);
                if (runner.jobs().get(id).isEmpty()) {
                    notFound(resp);
                } else if (uri.endsWith(STOP)) {
                    if (!runner.stop(id, caller.get().clientName())) {
                        replies.outcome(resp, 409, IssueType.CONFLICT, "GW-REPROCESS-004: only a queued or running"
                                + " job can be stopped");
                        return;
                    }
                    replies.resource(resp, 200, resources.status(runner.jobs().get(id).orElseThrow(), null, req));
                } else if (!runner.resume(id)) {
                    replies.outcome(resp, 409, IssueType.CONFLICT, "GW-REPROCESS-004: only a stopped or failed job"
                            + " can be resumed");
                } else {
                    accepted(req, resp, id);
                }
            } else {
                replies.outcome(resp, 405, IssueType.NOTSUPPORTED, "GW-REPROCESS-007: use GET");
            }
        } catch (BadRequest e) {
            replies.outcome(resp, 400, IssueType.INVALID, "GW-REPROCESS-" + e.code + ": " + e.getMessage());
        } catch (StoreException e) {
            replies.outcome(resp, 503, IssueType.TRANSIENT, "GW-REPROCESS-006: the audit record could not be"
                    + " written, so the job was not started; retry later");
        } catch (SQLException | RuntimeException e) {
            unavailable(resp);
        }
    }

    private void accepted(HttpServletRequest req, HttpServletResponse resp, long id) throws IOException, SQLException {
        resp.setHeader("Content-Location", ReprocessResources.statusUrl(req, id));
        replies.resource(resp, 202, resources.status(runner.jobs().get(id).orElseThrow(), null, req));
    }

    private Optional<AccessContext> authorize(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<AccessContext> caller = replies.authorize(req, resp, Authenticator::isAdmin);
        if (caller.isPresent() && !caller.get().unfiltered()) {
            replies.outcome(resp, 403, IssueType.FORBIDDEN, "GW-REPROCESS-005: reprocessing rewrites whole patient"
                    + " records; it needs an administrator whose release policy withholds nothing");
            return Optional.empty();
        }
        return caller;
    }

    private void notFound(HttpServletResponse resp) throws IOException {
        replies.outcome(resp, 404, IssueType.NOTFOUND, "GW-REPROCESS-003: no reprocessing job with that id");
    }

    private void unavailable(HttpServletResponse resp) throws IOException {
        replies.outcome(resp, 500, IssueType.EXCEPTION, "GW-REPROCESS-008: reprocessing jobs unavailable");
    }

    static ReprocessSelection selection(HttpServletRequest req) throws BadRequest {
        String type = req.getParameter("type");
        if (type != null && !TYPE.matcher(type).matches()) {
            throw new BadRequest("001", "type must be a message type (ADT) or type and event (ADT^A01)");
        }
        String sender = req.getParameter("sender");
        if (sender != null && (sender.isBlank() || sender.length() > 227)) {
            throw new BadRequest("001", "sender must be an MSH-3 or MSH-4 value");
        }
        OffsetDateTime since = time("_since", req.getParameter("_since"));
        OffsetDateTime until = time("_until", req.getParameter("_until"));
        if (since != null && until != null && !since.isBefore(until)) {
            throw new BadRequest("001", "_since must be before _until");
        }
        return new ReprocessSelection(sender, type, since, until, statuses(req.getParameter("status")));
    }

    private static Set<InboxStatus> statuses(String value) throws BadRequest {
        if (value == null) {
            return EnumSet.of(InboxStatus.APPLIED);
        }
        Set<InboxStatus> out = EnumSet.noneOf(InboxStatus.class);
        for (String s : value.split(",")) {
            InboxStatus status = null;
            for (InboxStatus candidate : ReprocessSelection.SELECTABLE) {
                if (candidate.db().equals(s.trim())) {
                    status = candidate;
                }
            }
            if (status == null) {
                throw new BadRequest("001", "status must be applied, failed or applied,failed");
            }
            out.add(status);
        }
        return out;
    }

    private static boolean dryRun(HttpServletRequest req) throws BadRequest {
        String value = req.getParameter("dryRun");
        if (value == null || value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw new BadRequest("001", "dryRun must be true or false");
    }

    /** Required for a real run (recorded); optional for a dry run. */
    private static String reason(HttpServletRequest req) throws BadRequest {
        String reason = req.getParameter("reason");
        if (reason != null && (reason.isBlank() || reason.length() > 500)) {
            throw new BadRequest("001", "reason must be 1 to 500 characters");
        }
        if (reason == null && !dryRun(req)) {
            throw new BadRequest("002", "a real run (dryRun=false) needs a reason, which is recorded");
        }
        return reason;
    }

    private static long job(HttpServletRequest req) throws BadRequest {
        String job = req.getParameter("job");
        if (job == null) {
            throw new BadRequest("001", "parameter job is required");
        }
        return whole("job", job, 0);
    }

    private static long whole(String name, String value, long absent) throws BadRequest {
        try {
            return value == null ? absent : AdminParameters.wholeNumber(name, value);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("001", e.getMessage());
        }
    }

    private static OffsetDateTime time(String name, String value) throws BadRequest {
        try {
            return AdminParameters.dateTime(name, value);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("001", e.getMessage());
        }
    }
}
