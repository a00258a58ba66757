package org.fhirgateway.server.export;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.StoreException;
import org.hl7.fhir.r4.model.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's export threads. Each one, in a loop: plans an accepted job whose horizon is reached (its parts: one per
 * type, times one per chunk of {@value #MEMBERS_PER_PART} patients for a Group or a patient subset), else claims an
 * open part of a running job ({@code FOR UPDATE SKIP LOCKED}, held for the part's run) and runs it, else waits. Every
 * node sharing the database runs the same loop; the locks keep them off each other's work.
 */
final class ExportWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExportWorkers.class);
    static final int MEMBERS_PER_PART = 500;
    private static final long IDLE_MILLIS = 200;

    private final Database database;
    private final PartRunner runner;
    private final GroupMembers groups;
    private final BulkExport.Owners owners;
    private final Clock clock;
    private final long lifetimeMillis;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    ExportWorkers(Database database, PartRunner runner, GroupMembers groups, BulkExport.Owners owners, Clock clock,
            long lifetimeMillis) {
        this.database = database;
        this.runner = runner;
        this.groups = groups;
        this.owners = owners;
        this.clock = clock;
        this.lifetimeMillis = lifetimeMillis;
    }

    void start(int count) {
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(this::loop, "export-" + (i + 1));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void loop() {
        while (!stopping.get()) {
            boolean worked;
            try {
                worked = planOne() || runOne();
            } catch (SQLException | RuntimeException e) {
                if (stopping.get()) {
                    return;
                }
                LOG.warn("export worker: {} (SQLState {})", e.getClass().getSimpleName(),
                        e instanceof SQLException s ? s.getSQLState() : "-");
                worked = false;
            }
            if (!worked) {
                pause();
            }
        }
    }

    private void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(IDLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.set(true);
        }
    }

    /** Plans the oldest accepted job whose horizon is reached; true when one was planned (or failed). */
    boolean planOne() throws SQLException {
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                Optional<ExportJobs.Job> claimed = ExportJobs.claimAccepted(c);
                if (claimed.isEmpty() || !Horizon.reached(c, claimed.get().horizonXid())) {
                    c.rollback();
                    return false;
                }
                ExportJobs.Job job = claimed.get();
                Optional<AccessContext> ctx = owner(job);
                if (ctx.isEmpty()) {
                    fail(c, job, "GW-EXPORT-010: the client that started the export is no longer configured for it");
                    return true;
                }
                try {
                    plan(c, job, ctx.get());
                } catch (StoreException | ExportException e) {
                    fail(c, job, e.getMessage());
                    return true;
                }
                ExportJobs.setStatus(c, job.id(), ExportJobs.RUNNING, null, null);
                ExportJobs.completeIfDone(c, job.id(), clock.millis(), lifetimeMillis);
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private void fail(Connection c, ExportJobs.Job job, String reason) throws SQLException {
        ExportJobs.setStatus(c, job.id(), ExportJobs.FAILED, reason, clock.millis() + lifetimeMillis);
        c.commit();
    }

    private void plan(Connection c, ExportJobs.Job job, AccessContext ctx) throws SQLException {
        ExportParameters p = job.parameters();
        List<List<String>> chunks = new ArrayList<>();
        if (ExportParameters.GROUP.equals(p.level())) {
            Group group = groups.read(ctx, p.groupId());
            List<String> members = new ArrayList<>(groups.members(ctx, group));
            if (!p.patients().isEmpty()) {
                members.retainAll(p.patients());
            }
            chunk(members, chunks);
        } else if (!p.patients().isEmpty()) {
            chunk(p.patients(), chunks);
        } else {
            chunks.add(null);
        }
        int partNo = 0;
        for (String type : p.types()) {
            for (List<String> chunk : chunks) {
                ExportJobs.addPart(c, job.id(), ++partNo, type, chunk);
            }
        }
    }

    private static void chunk(List<String> members, List<List<String>> chunks) {
        for (int i = 0; i < members.size(); i += MEMBERS_PER_PART) {
            chunks.add(List.copyOf(members.subList(i, Math.min(members.size(), i + MEMBERS_PER_PART))));
        }
    }

    /** Claims one open part and runs it; true when there was one. */
    boolean runOne() throws SQLException {
        try (Connection claim = database.connection()) {
            claim.setAutoCommit(false);
            try {
                Optional<ExportJobs.Part> part = ExportJobs.claimPart(claim);
                if (part.isEmpty()) {
                    claim.rollback();
                    return false;
                }
                ExportJobs.Job job = ExportJobs.find(claim, part.get().jobId()).orElseThrow();
                Optional<AccessContext> ctx = owner(job);
                if (ctx.isEmpty()) {
                    ExportJobs.setStatus(claim, job.id(), ExportJobs.FAILED, "GW-EXPORT-010: the client that "
                            + "started the export is no longer configured for it", clock.millis() + lifetimeMillis);
                    claim.commit();
                    return true;
                }
                if (runner.run(claim, job, part.get(), ctx.get(), stopping::get)) {
                    ExportJobs.finishPart(claim, part.get(), clock.millis(), lifetimeMillis);
                    claim.commit();
                } else {
                    claim.rollback();
                }
                return true;
            } catch (SQLException | RuntimeException e) {
                claim.rollback();
                throw e;
            } finally {
                claim.setAutoCommit(true);
            }
        }
    }

    private Optional<AccessContext> owner(ExportJobs.Job job) {
        return owners.again(job.client(), job.purpose(), job.scopes());
    }

    /** Stops the threads: a part in progress stops after its current page, resumable by any node. */
    @Override
    public void close() {
        stopping.set(true);
        for (Thread t : threads) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
