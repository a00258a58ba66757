package org.fhirgateway.server.console.records;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fhirgateway.server.console.ConsoleException;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.report.ReportException;
import org.fhirgateway.server.report.TaskClosure;
import org.fhirgateway.server.report.WorkList;
import org.fhirgateway.server.search.FhirSearch;
import org.fhirgateway.server.search.SearchRequest;
import org.fhirgateway.server.search.SearchResult;
import org.fhirgateway.server.store.ReleaseRecorder;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;

/**
 * The data-quality work list ({@link WorkList}) grouped by sender and kind: the open Tasks found by the search the
 * API offers ({@code Task?code=<kinds>|&status=requested}) with the caller's {@link AccessContext}, released and
 * recorded like a search response ({@link ReleaseRecorder}), and cleared with the API's own {@link TaskClosure}
 * ({@code Task/[id]/$close}, same scopes: Task read and write).
 */
public final class WorkListBoard {

    /** The open Tasks shown at once (one search page); the page says when there are more. */
    static final int PAGE = 500;
    static final int MAX_NOTE = 2000;

    private static final Map<String, String> KIND_TEXT = Map.of(
            WorkList.Kind.MISSING_CODE.code(), "Missing code",
            WorkList.Kind.UNMAPPED_CODE.code(), "Code not in the concept maps",
            WorkList.Kind.CONFLICTING_DEMOGRAPHICS.code(), "Demographics differ from the stored patient",
            WorkList.Kind.INVALID_DATE.code(), "Invalid date",
            WorkList.Kind.FUTURE_DATE.code(), "Date in the future",
            WorkList.Kind.FALLBACK_IDENTITY.code(), "Patient keyed without PID-3 (fallback identity)",
            WorkList.Kind.NO_PATIENT.code(), "Results without a patient",
            WorkList.Kind.BUSINESS_KEY_CONFLICT.code(), "Business key belongs to another patient");

    private final FhirSearch search;
    private final TaskClosure closure;
    private final ReleaseRecorder recorder;
    private final ZoneId zone;

    public WorkListBoard(FhirSearch search, TaskClosure closure, ReleaseRecorder recorder, ZoneId zone) {
        this.search = search;
        this.closure = closure;
        this.recorder = recorder;
        this.zone = zone;
    }

    /** One open Task. */
    public record Item(String id, String description, String message, String patient, String authored) {
    }

    /** The open Tasks of one kind from one sender. */
    public record Kind(String code, String text, List<Item> items) {
    }

    /** One sender's open Tasks, by kind. */
    public record Sender(String sender, String display, List<Kind> kinds, int open) {
    }

    /**
     * @param more whether open Tasks beyond the first {@value #PAGE} exist
     * @param canClear whether the caller may clear them (Task write)
     */
    public record Board(List<Sender> senders, int open, boolean more, boolean canClear) {
    }

    public Board open(AccessContext ctx) {
        if (!ctx.canRead("Task")) {
            throw ConsoleException.forbidden("Your client may not read the work list (it lacks system/Task.read).");
        }
        SearchResult page = search.search(ctx, SearchRequest.of("Task", "code=" + WorkList.KINDS
                + "|&status=requested&_count=" + PAGE));
        List<Task> tasks = new ArrayList<>();
        for (Resource r : page.matches()) {
            tasks.add((Task) r);
        }
        if (!tasks.isEmpty()) {
            recorder.record(recorder.prepare(ctx, new ArrayList<>(tasks)), "console", "/console/worklists");
        }
        Map<String, String> displays = new TreeMap<>();
        Map<String, Map<String, List<Item>>> grouped = new TreeMap<>();
        for (Task t : tasks) {
            String sender = t.getRequester().getIdentifier().getValue();
            String key = sender == null ? "(unknown sender)" : sender;
            displays.putIfAbsent(key, t.getRequester().hasDisplay() ? t.getRequester().getDisplay() : key);
            grouped.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(kind(t), k -> new ArrayList<>())
                    .add(item(t));
        }
        List<Sender> senders = new ArrayList<>();
        grouped.forEach((sender, kinds) -> {
            List<Kind> list = new ArrayList<>();
            kinds.forEach((code, items) -> list.add(new Kind(code, KIND_TEXT.getOrDefault(code, code), items)));
            senders.add(new Sender(sender, displays.get(sender), list,
                    list.stream().mapToInt(k -> k.items().size()).sum()));
        });
        return new Board(senders, tasks.size(), page.nextPageToken() != null, ctx.canWrite("Task"));
    }

    /** Clears one Task as {@code $close} does; 404 for a Task the caller may not see, as in the API. */
    public void clear(AccessContext ctx, String id, String note) {
        if (!ctx.canWrite("Task") || !ctx.canRead("Task")) {
            throw ConsoleException.forbidden("Clearing a Task needs system/Task.write and system/Task.read.");
        }
        if (id == null || !id.matches("[A-Za-z0-9\\-.]{1,64}")) {
            throw ConsoleException.notFound();
        }
        if (note != null && note.length() > MAX_NOTE) {
            throw ConsoleException.badInput("The note is longer than " + MAX_NOTE + " characters.");
        }
        try {
            closure.close(ctx, id, note == null || note.isBlank() ? null : note.strip());
        } catch (ReportException e) {
            throw new ConsoleException(e.status(), e.code(), "Only data-quality Tasks are cleared here.");
        } catch (StoreException e) {
            if (e.error() == StoreError.RESOURCE_NOT_FOUND || e.error() == StoreError.RESOURCE_DELETED
                    || e.error() == StoreError.ACCESS_DENIED) {
                throw ConsoleException.notFound();
            }
            throw e;
        }
    }

    private static String kind(Task t) {
        for (Coding c : t.getCode().getCoding()) {
            if (WorkList.KINDS.equals(c.getSystem())) {
                return c.getCode();
            }
        }
        return "unknown";
    }

    private Item item(Task t) {
        String message = t.getInput().stream().filter(i -> i.getValue() instanceof org.hl7.fhir.r4.model.StringType)
                .map(i -> i.getValue().primitiveValue()).findFirst().orElse("");
        String authored = t.hasAuthoredOn() ? DisclosureRow.when(t.getAuthoredOn().getTime(), zone) : "";
        return new Item(t.getIdElement().getIdPart(), t.getDescription(), message,
                t.hasFor() ? t.getFor().getReference() : "", authored);
    }
}
