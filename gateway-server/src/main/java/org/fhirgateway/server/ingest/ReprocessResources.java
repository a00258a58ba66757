package org.fhirgateway.server.ingest;

import jakarta.servlet.http.HttpServletRequest;
import java.time.OffsetDateTime;
import java.util.Date;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;

/**
 * A reprocessing job as FHIR: a Parameters resource with its state, selection, counts and (on the status read) one
 * {@code message} part per message done, paged: {@code messagesTotal} says how many there are, {@code next} is the
 * URL of the next page.
 */
final class ReprocessResources {

    static String statusUrl(HttpServletRequest req, long id) {
        String url = req.getRequestURL().toString();
        return url.substring(0, url.lastIndexOf('/') + 1) + ReprocessServlet.STATUS + "?job=" + id;
    }

    /** @param page the per-message report page, or null for none (start, stop, resume) */
    Parameters status(ReprocessJobs.Job job, ReprocessJobs.ItemPage page, HttpServletRequest req) {
        Parameters p = new Parameters();
        p.addParameter("job", String.valueOf(job.id()));
        p.addParameter("state", job.state().db());
        p.addParameter().setName("dryRun").setValue(new BooleanType(job.dryRun()));
        p.addParameter("by", job.createdBy());
        if (job.reason() != null) {
            p.addParameter("reason", job.reason());
        }
        Parameters.ParametersParameterComponent selection = p.addParameter().setName("selection");
        ReprocessSelection s = job.selection();
        part(selection, "sender", s.sender());
        part(selection, "type", s.type());
        if (s.since() != null) {
            selection.addPart().setName("_since").setValue(time(s.since()));
        }
        if (s.until() != null) {
            selection.addPart().setName("_until").setValue(time(s.until()));
        }
        part(selection, "status", s.statusList());
        part(selection, "uptoInboxId", String.valueOf(job.uptoId()));
        ReprocessJobs.Counts n = job.counts();
        count(p, "selected", n.selected());
        count(p, "done", n.done());
        count(p, "failed", n.failed());
        count(p, "created", n.created());
        count(p, "changed", n.changed());
        count(p, "unchanged", n.unchanged());
        if (job.positionId() != null) {
            p.addParameter("positionInboxId", String.valueOf(job.positionId()));
        }
        p.addParameter().setName("createdAt").setValue(time(job.createdAt()));
        if (job.startedAt() != null) {
            p.addParameter().setName("startedAt").setValue(time(job.startedAt()));
        }
        if (job.finishedAt() != null) {
            p.addParameter().setName("finishedAt").setValue(time(job.finishedAt()));
        }
        if (job.errorText() != null) {
            p.addParameter("error", job.errorText());
        }
        if (page != null) {
            count(p, "messagesTotal", page.total());
            for (ReprocessJobs.Item item : page.items()) {
                message(p.addParameter().setName("message"), item);
            }
            if (page.next() != null) {
                p.addParameter("next", statusUrl(req, job.id()) + "&_count=" + page.items().size() + "&_cursor="
                        + page.next());
            }
        }
        return p;
    }

    private static void message(Parameters.ParametersParameterComponent m, ReprocessJobs.Item item) {
        m.addPart().setName("inboxId").setValue(new org.hl7.fhir.r4.model.StringType(String.valueOf(item.inboxId())));
        part(m, "messageType", item.messageType());
        part(m, "outcome", item.outcome());
        m.addPart().setName("created").setValue(new IntegerType(item.created()));
        m.addPart().setName("changed").setValue(new IntegerType(item.changed()));
        m.addPart().setName("unchanged").setValue(new IntegerType(item.unchanged()));
        for (String line : item.resources()) {
            int space = line.indexOf(' ');
            m.addPart().setName(line.substring(0, space) + "Resource").setValue(new Reference(line.substring(space + 1)));
        }
        part(m, "errorCode", item.errorCode());
        part(m, "errorText", item.errorText());
    }

    private static void part(Parameters.ParametersParameterComponent parent, String name, String value) {
        if (value != null) {
            parent.addPart().setName(name).setValue(new org.hl7.fhir.r4.model.StringType(value));
        }
    }

    private static void count(Parameters p, String name, int value) {
        p.addParameter().setName(name).setValue(new IntegerType(value));
    }

    private static DateTimeType time(OffsetDateTime t) {
        DateTimeType value = new DateTimeType(Date.from(t.toInstant()));
        value.setTimeZoneZulu(true);
        return value;
    }
}
