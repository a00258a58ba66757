package org.fhirgateway.server.export;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.consent.Release;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.PeriodicTask;
import org.fhirgateway.server.store.ReleaseRecorder;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export package's public face: HL7 FHIR Bulk Data Access 2.0.0 kick-off, status, cancel and download over jobs
 * kept in the database (see {@link ExportWorkers}, {@link PartRunner}, {@link Horizon}), the node's export threads,
 * and the sweep that removes expired and cancelled jobs with their files. The REST layer (rest.ExportProvider,
 * rest.BulkStatusServlet) only translates HTTP to these calls.
 */
public final class BulkExport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BulkExport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> RESULT_PARAMETERS = List.of("_count", "_sort", "_include", "_revinclude",
            "_summary", "_elements", "_total", "_include:iterate", "_revinclude:iterate");

    /**
     * @param directory where the files go ({@code <data-dir>/export})
     * @param servedTypes the resource types the gateway serves
     * @param maxResourcesPerFile a type's output is split into files of at most this many resources
     * @param fileLifetime how long a finished job's files stay (then the sweep removes them: 404)
     * @param sweepInterval how often the sweep runs
     * @param workers export threads of this node
     */
    public record Settings(Path directory, List<String> servedTypes, int maxResourcesPerFile, Duration fileLifetime,
            Duration sweepInterval, int workers) {
    }

    /** A job owner's AccessContext, rebuilt from the current configuration (empty when no longer allowed). */
    public interface Owners {
        Optional<AccessContext> again(String client, String purpose, java.util.Set<String> scopes);
    }

    /** A kick-off: the level ({@code system}, {@code patient}, {@code group}), the Group, the raw parameters. */
    public record KickOff(String level, String groupId, Map<String, List<String>> parameters, String requestUrl,
            String baseUrl) {
    }

    /** A poll's answer: still running (with a progress text), complete (the manifest) or failed. */
    public record Status(boolean complete, String progress, String manifestJson, String failure) {
    }

    private final Database database;
    private final StorageEngine engine;
    private final GroupMembers groups;
    private final ExportFiles files;
    private final Settings settings;
    private final Clock clock;
    private final ExportWorkers workers;
    private final PeriodicTask sweep;

    private BulkExport(Database database, StorageEngine engine, Release release, Owners owners, Settings settings,
            Clock clock) {
        this.database = database;
        this.engine = engine;
        this.settings = settings;
        this.clock = clock;
        this.groups = new GroupMembers(engine.store(), engine.search());
        this.files = new ExportFiles(settings.directory());
        PartRunner runner = new PartRunner(new PartRunner.Tools(database, engine.search(),
                new ReleaseRecorder(engine.store(), release, clock), files, FhirContext.forR4Cached(), clock),
                settings.maxResourcesPerFile());
        this.workers = new ExportWorkers(database, runner, groups, owners, clock, settings.fileLifetime().toMillis());
        this.workers.start(settings.workers());
        this.sweep = PeriodicTask.start("export-sweep", this::sweepQuietly, settings.sweepInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public static BulkExport start(Database database, StorageEngine engine, Release release, Owners owners,
            Settings settings, Clock clock) {
        return new BulkExport(database, engine, release, owners, settings, clock);
    }

    /** Checks the request and accepts the job; its id. */
    public String kickOff(AccessContext ctx, KickOff k) {
        ExportParameters p = ExportParameters.parse(k.level(), k.groupId(), k.parameters());
        p = p.withTypes(types(ctx, p));
        for (Map.Entry<String, String> filter : p.typeFilters().entrySet()) {
            for (String name : org.fhirgateway.server.search.SearchRequest.parseQuery(filter.getValue()).keySet()) {
                if (RESULT_PARAMETERS.contains(name)) {
                    throw ExportException.invalid("GW-EXPORT-005", "_typeFilter may not hold " + name);
                }
            }
            if (p.types().contains(filter.getKey())) {
                engine.search().explain(ctx, PartRunner.request(p, new ExportJobs.Part("", 0, filter.getKey(), null)));
            }
        }
        if (ExportParameters.GROUP.equals(p.level())) {
            Group group = groups.read(ctx, k.groupId());
            for (Extension e : group.getExtensionsByUrl(GroupMembers.MEMBER_QUERY)) {
                if (e.getValue() != null && e.getValue().primitiveValue() != null) {
                    groups.check(ctx, e.getValue().primitiveValue());
                }
            }
        }
        String id = UUID.randomUUID().toString();
        try (Connection c = database.connection()) {
            Horizon.Mark mark = Horizon.take(c, clock);
            ExportJobs.insert(c, new ExportJobs.Job(id, ctx.clientName(), ctx.purposeOfUse(), ctx.policy().name(),
                    ctx.scopes(), k.requestUrl(), k.baseUrl(), p, ExportJobs.ACCEPTED, mark.transactionTime(),
                    mark.xid(), clock.millis(), null, null, null));
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "export kick-off failed", e);
        }
        LOG.info("export {} accepted for client {} ({} types)", id, ctx.clientName(), p.types().size());
        return id;
    }

    private List<String> types(AccessContext ctx, ExportParameters p) {
        List<String> candidates = ExportTypes.candidates(settings.servedTypes(), p.level());
        List<String> out = new ArrayList<>();
        if (!p.types().isEmpty()) {
            for (String type : p.types()) {
                if (!candidates.contains(type)) {
                    throw ExportException.invalid("GW-EXPORT-009", "_type " + ExportParameters.safe(type)
                            + " cannot be exported at this level");
                }
                if (!ctx.canRead(type)) {
                    throw new ExportException(403, "GW-EXPORT-011: client '" + ctx.clientName()
                            + "' lacks scope system/" + type + ".read");
                }
                out.add(type);
            }
            return out;
        }
        candidates.stream().filter(ctx::canRead).forEach(out::add);
        if (out.isEmpty()) {
            throw new ExportException(403, "GW-EXPORT-011: client '" + ctx.clientName() + "' may read none of the "
                    + "types this export covers");
        }
        return out;
    }

    public Status status(AccessContext ctx, String jobId) {
        try (Connection c = database.connection()) {
            ExportJobs.Job job = owned(c, ctx, jobId);
            switch (job.status()) {
                case ExportJobs.ACCEPTED:
                    return new Status(false, "waiting for writes in flight at the transaction time", null, null);
                case ExportJobs.RUNNING:
                    long[] n = ExportJobs.progressCounts(c, jobId);
                    return new Status(false, n[0] + " of " + n[1] + " parts done, " + n[2] + " resources written",
                            null, null);
                case ExportJobs.FAILED:
                    return new Status(true, null, null, job.failure());
                default:
                    if (expired(job)) {
                        throw gone();
                    }
                    return new Status(true, null, manifest(job, ExportJobs.files(c, jobId)), null);
            }
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "export status failed", e);
        }
    }

    private String manifest(ExportJobs.Job job, List<ExportJobs.FileRow> rows) {
        ObjectNode m = JSON.createObjectNode();
        m.put("transactionTime", Instant.ofEpochMilli(job.transactionTime()).toString());
        m.put("request", job.requestUrl());
        m.put("requiresAccessToken", true);
        ArrayNode output = m.putArray("output");
        ArrayNode error = m.putArray("error");
        for (ExportJobs.FileRow f : rows) {
            ObjectNode o = (f.error() ? error : output).addObject();
            o.put("type", f.error() ? "OperationOutcome" : f.type());
            o.put("url", job.baseUrl() + "/bulk/files/" + job.id() + "/" + f.name());
            if (!f.error()) {
                o.put("count", f.resources());
            }
        }
        return m.toString();
    }

    /** Cancels a job (accepted, running or complete) and removes its files. */
    public void cancel(AccessContext ctx, String jobId) {
        try (Connection c = database.connection()) {
            owned(c, ctx, jobId);
            ExportJobs.setStatus(c, jobId, ExportJobs.CANCELLED, null, null);
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "export cancel failed", e);
        }
        files.deleteJob(jobId);
        LOG.info("export {} cancelled by client {}", jobId, ctx.clientName());
    }

    /** A finished file of the caller's job: 404 when there is none (or it expired), 403 for another client's. */
    public Path file(AccessContext ctx, String jobId, String name) {
        try (Connection c = database.connection()) {
            ExportJobs.Job job = owned(c, ctx, jobId);
            if (!ExportJobs.COMPLETED.equals(job.status()) || expired(job)) {
                throw notFound();
            }
            boolean listed = ExportJobs.files(c, jobId).stream().anyMatch(f -> f.name().equals(name));
            Path path = files.file(jobId, name);
            if (!listed || path == null || !Files.isRegularFile(path)) {
                throw notFound();
            }
            return path;
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "export download failed", e);
        }
    }

    private ExportJobs.Job owned(Connection c, AccessContext ctx, String jobId) throws SQLException {
        Optional<ExportJobs.Job> job = jobId.matches("[A-Za-z0-9\\-]{1,64}") ? ExportJobs.find(c, jobId)
                : Optional.empty();
        if (job.isEmpty() || ExportJobs.CANCELLED.equals(job.get().status())) {
            throw notFound();
        }
        if (!job.get().client().equals(ctx.clientName())) {
            throw new ExportException(403, "GW-EXPORT-012: this export belongs to another client");
        }
        return job.get();
    }

    private boolean expired(ExportJobs.Job job) {
        return job.expiresAt() != null && job.expiresAt() < clock.millis();
    }

    private static ExportException notFound() {
        return new ExportException(404, "GW-EXPORT-013: no such export, or it was cancelled or has expired");
    }

    private static ExportException gone() {
        return new ExportException(404, "GW-EXPORT-013: the export has expired and its files were removed");
    }

    /** Removes expired and cancelled jobs with their files. */
    public int sweep() {
        int removed = 0;
        try (Connection c = database.connection()) {
            for (String jobId : ExportJobs.sweepable(c, clock.millis())) {
                if (ExportJobs.delete(c, jobId)) {
                    files.deleteJob(jobId);
                    removed++;
                }
            }
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "export sweep failed", e);
        }
        return removed;
    }

    private void sweepQuietly() {
        try {
            int removed = sweep();
            if (removed > 0) {
                LOG.info("export sweep removed {} jobs", removed);
            }
        } catch (RuntimeException e) {
            LOG.warn("export sweep failed: {}", e.getClass().getSimpleName());
        }
    }

    /** Stops the sweep and the export threads (parts in progress stop after their page, resumable). */
    @Override
    public void close() {
        sweep.close();
        workers.close();
    }
}
