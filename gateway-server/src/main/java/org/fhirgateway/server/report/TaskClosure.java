package org.fhirgateway.server.report;

import java.time.Clock;
import java.util.Date;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.FhirStore;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * {@code Task/[id]/$close}: a work-list Task is cleared by a client. The Task becomes {@code completed}, its
 * {@code owner} names the client (identifier in {@value #CLIENTS}), {@code executionPeriod.end} and
 * {@code lastModified} are the time, and a {@code note} says who cleared it when (with the caller's own note, if
 * any). Read and written with the caller's {@link AccessContext}: a Task it may not see is not found.
 */
public final class TaskClosure {

    public static final String CLIENTS = "http://fhirgateway.org/fhir/client";

    private final FhirStore store;
    private final Clock clock;

    public TaskClosure(FhirStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Task close(AccessContext ctx, String id, String note) {
        Task task = (Task) store.read(ctx, "Task", id).resource();
        if (!task.getCode().getCoding().stream().anyMatch(c -> WorkList.KINDS.equals(c.getSystem()))) {
            throw new ReportException("GW-REPORT-004", 422, "only data-quality Tasks are closed with $close");
        }
        if (task.getStatus() == Task.TaskStatus.COMPLETED) {
            return task;
        }
        Date now = Date.from(clock.instant());
        task.setStatus(Task.TaskStatus.COMPLETED);
        task.setOwner(new Reference().setIdentifier(new Identifier().setSystem(CLIENTS).setValue(ctx.clientName()))
                .setDisplay(ctx.clientName()));
        task.getExecutionPeriod().setEnd(now);
        task.setLastModified(now);
        task.addNote().setAuthor(new org.hl7.fhir.r4.model.StringType(ctx.clientName())).setTime(now)
                .setText("cleared by " + ctx.clientName() + (note == null || note.isBlank() ? "" : ": " + note));
        task.getMeta().setVersionId(null);
        store.update(ctx, task);
        return (Task) store.read(ctx, "Task", id).resource();
    }
}
