package org.fhirgateway.server.export;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.FhirSearch;
import org.fhirgateway.server.search.Handling;
import org.fhirgateway.server.search.SearchRequest;
import org.fhirgateway.server.search.SearchResult;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.ReleaseRecorder;
import org.fhirgateway.server.store.StoreException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/**
 * Runs one claimed part: its search (type, {@code _since}, {@code _typeFilter}, the part's patients) through
 * {@link FhirSearch} with the job owner's AccessContext (so consent is inside the SQL, as for any search), one page
 * of {@value #PAGE} at a time in primary-key order; each page is released ({@link ReleaseRecorder}: masks,
 * de-identification, the disclosure recorded), appended to the part's NDJSON file, forced to disk, and only then its
 * progress committed (the next page token, the file's length). A part resumed after a crash cuts its file back to
 * the committed length and goes on from the committed page: each resource is in the files exactly once. Only one
 * page is in memory at a time.
 */
final class PartRunner {

    static final int PAGE = 1000;
    private static final String SUBSETTED = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

    /** What every part run needs. */
    record Tools(Database database, FhirSearch search, ReleaseRecorder recorder, ExportFiles files, FhirContext fhir,
            Clock clock) {
    }

    private final Tools tools;
    private final int maxPerFile;

    PartRunner(Tools tools, int maxPerFile) {
        this.tools = tools;
        this.maxPerFile = maxPerFile;
    }

    /**
     * @param claim the connection whose open transaction holds the part's lock
     * @param stopping true when the node is stopping: the part is left where its last page put it
     * @return true when the part is complete, false when it stopped early (cancelled job, stopping node)
     */
    boolean run(Connection claim, ExportJobs.Job job, ExportJobs.Part part, AccessContext ctx,
            BooleanSupplier stopping) throws SQLException {
        ExportJobs.Progress progress;
        try (Connection c = tools.database().connection()) {
            progress = ExportJobs.progress(c, part);
        }
        IParser parser = parser(job.parameters());
        int fileNo = progress.fileNo();
        long fileBytes = progress.fileBytes();
        long fileCount = progress.fileCount();
        String token = progress.pageToken();
        if (token != null && token.isEmpty()) {
            return true; // the last page was written and committed: only the finish is missing
        }
        FileChannel out = tools.files().openAt(job.id(), name(part, fileNo), fileBytes);
        try {
            SearchResult page;
            try {
                page = token == null ? tools.search().search(ctx, request(job.parameters(), part))
                        : tools.search().page(ctx, token);
            } catch (StoreException e) {
                writeError(job, part, e);
                return true;
            }
            while (true) {
                if (stopping.getAsBoolean() || !claim.isValid(5)) {
                    return false;
                }
                List<Resource> resources = new ArrayList<>(page.matches());
                List<ExportJobs.FileRow> finished = new ArrayList<>();
                if (!resources.isEmpty()) {
                    ReleaseRecorder.Batch batch = tools.recorder().prepare(ctx, resources);
                    tools.recorder().record(batch, "export", "$export " + job.parameters().level() + " "
                            + part.type());
                    for (Resource r : resources) {
                        if (fileCount == maxPerFile) {
                            out.force(true);
                            out.close();
                            finished.add(new ExportJobs.FileRow(name(part, fileNo), part.type(), false,
                                    part.partNo(), fileNo, fileCount, fileBytes));
                            fileNo++;
                            fileBytes = 0;
                            fileCount = 0;
                            out = tools.files().openAt(job.id(), name(part, fileNo), 0);
                        }
                        byte[] line = (encode(parser, r, job.parameters()) + "\n").getBytes(StandardCharsets.UTF_8);
                        ExportFiles.write(out, line);
                        fileBytes += line.length;
                        fileCount++;
                    }
                    out.force(false);
                }
                String next = page.nextPageToken();
                try (Connection c = tools.database().connection()) {
                    ExportJobs.Progress saved = new ExportJobs.Progress(next == null ? "" : next, fileNo, fileBytes,
                            fileCount);
                    if (next == null && fileCount > 0) {
                        finished.add(new ExportJobs.FileRow(name(part, fileNo), part.type(), false, part.partNo(),
                                fileNo, fileCount, fileBytes));
                    }
                    if (!ExportJobs.saveProgress(c, part, saved, finished)) {
                        return false;
                    }
                }
                if (next == null) {
                    return true;
                }
                page = tools.search().page(ctx, next);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("export file write failed", e);
        } finally {
            try {
                out.close();
            } catch (IOException e) {
                // nothing more to keep: the committed length is what counts
            }
        }
    }

    private static String name(ExportJobs.Part part, int fileNo) {
        return ExportFiles.name(part.type(), part.partNo(), fileNo, false);
    }

    /** The search of a part. */
    static SearchRequest request(ExportParameters p, ExportJobs.Part part) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        String filter = p.typeFilters().get(part.type());
        if (filter != null) {
            SearchRequest.parseQuery(filter).forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>())
                    .addAll(v));
        }
        if (p.since() != null) {
            params.computeIfAbsent("_lastUpdated", x -> new ArrayList<>()).add("gt" + p.since());
        }
        if (part.members() != null) {
            if ("Patient".equals(part.type())) {
                params.computeIfAbsent("_id", x -> new ArrayList<>()).add(String.join(",", part.members()));
            } else {
                List<String> refs = part.members().stream().map(id -> "Patient/" + id).toList();
                params.computeIfAbsent(ExportTypes.patientParameter(part.type()), x -> new ArrayList<>())
                        .add(String.join(",", refs));
            }
        }
        params.put("_count", List.of(Integer.toString(PAGE)));
        params.put("_total", List.of("none"));
        return new SearchRequest(part.type(), params, Handling.STRICT);
    }

    private IParser parser(ExportParameters p) {
        IParser parser = tools.fhir().newJsonParser().setPrettyPrint(false);
        if (!p.elements().isEmpty()) {
            Set<String> elements = new LinkedHashSet<>();
            for (String e : p.elements()) {
                elements.add(e.contains(".") ? e : "*." + e);
            }
            parser.setEncodeElements(elements);
        }
        return parser;
    }

    private static String encode(IParser parser, Resource r, ExportParameters p) {
        if (!p.elements().isEmpty()) {
            r.getMeta().addTag(SUBSETTED, "SUBSETTED", "subsetted");
        }
        return parser.encodeResourceToString(r);
    }

    /** A part whose search the database refused (a type the owner may no longer read): one OperationOutcome line. */
    private void writeError(ExportJobs.Job job, ExportJobs.Part part, StoreException e) throws SQLException {
        OperationOutcome oo = new OperationOutcome();
        oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.PROCESSING)
                .setDiagnostics(e.getMessage() + " (resource type " + part.type() + ")");
        byte[] line = (tools.fhir().newJsonParser().encodeResourceToString(oo) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        String name = ExportFiles.name(part.type(), part.partNo(), 1, true);
        try (FileChannel ch = tools.files().openAt(job.id(), name, 0)) {
            ExportFiles.write(ch, line);
            ch.force(true);
        } catch (IOException io) {
            throw new UncheckedIOException("export error file write failed", io);
        }
        try (Connection c = tools.database().connection()) {
            ExportJobs.addFiles(c, job.id(), List.of(new ExportJobs.FileRow(name, part.type(), true, part.partNo(),
                    1, 1, line.length)));
        }
    }
}
