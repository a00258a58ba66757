package org.fhirgateway.server.store.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the embedded server's {@code postgres} process, a child of the gateway's JVM: started, waited for
 * until it accepts connections, and stopped with a fast shutdown. Also stops a server left running by a gateway
 * that was killed (found by the cluster's {@code postmaster.pid}).
 */
final class Postmaster {

    private static final Logger LOG = LoggerFactory.getLogger(Postmaster.class);

    private final Process process;
    private final int port;

    private Postmaster(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the server on {@code port} and waits until it is ready (after crash recovery, if the last run did not
     * stop cleanly). Fails with the server's last words if it exits first or is not ready within the time allowed.
     */
    static Postmaster start(ServerCommands commands, Cluster cluster, ServerSettings settings, int port) {
        List<String> arguments = new ArrayList<>(List.of("-D", cluster.dataDirectory().toString()));
        for (String setting : settings.serverOptions(port)) {
            arguments.add("-c");
            arguments.add(setting);
        }
        try {
            Path log = PrivateFiles.touch(cluster.startupLog());
            Files.writeString(log, "");
            Process process = commands.builder("postgres", arguments)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            process.getOutputStream().close();
            Postmaster postmaster = new Postmaster(process, port);
            postmaster.awaitReady(cluster, settings.startTimeoutSeconds());
            return postmaster;
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private void awaitReady(Cluster cluster, long timeoutSeconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StartFailed(lastWords(cluster));
            }
            // the file names this process and says it is ready
            if (PostmasterPid.read(cluster.postmasterPid()).filter(f -> f.pid() == process.pid() && f.ready()).isPresent()) {
                return;
            }
            sleep(50);
        }
        process.destroyForcibly();
        throw new EmbeddedPostgresException("the embedded PostgreSQL was not ready after " + timeoutSeconds + " s: "
                + lastWords(cluster));
    }

    static String lastWords(Cluster cluster) {
        try {
            return ServerCommands.lastLines(Files.readString(cluster.startupLog(), StandardCharsets.UTF_8), 2);
        } catch (IOException e) {
            return "(no server log)";
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; returns false on timeout. */
    boolean awaitExit(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /** Fast shutdown: open transactions roll back, a checkpoint is written, the process ends. */
    void stop(ServerCommands commands, Cluster cluster) {
        if (!process.isAlive()) {
            return;
        }
        try {
            commands.run("pg_ctl", List.of("stop", "-D", cluster.dataDirectory().toString(), "-m", "fast", "-w",
                    "-t", "120"), 150);
        } catch (EmbeddedPostgresException e) {
            LOG.error("fast shutdown of the embedded PostgreSQL failed ({}); stopping it at once", e.getMessage());
            process.destroyForcibly();
        }
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A server of this cluster still running from a gateway that was killed: stopped with a fast shutdown (it has no
     * clients left; its committed work is on disk). A {@code postmaster.pid} whose process is gone is left to
     * PostgreSQL, which recognises it as stale; one whose number now belongs to another program is removed.
     */
    static void stopLeftOver(ServerCommands commands, Cluster cluster) throws IOException, InterruptedException {
        Path pidFile = cluster.postmasterPid();
        Optional<ProcessHandle> holder = PostmasterPid.read(pidFile).flatMap(f -> ProcessHandle.of(f.pid()));
        if (holder.isEmpty() || !holder.get().isAlive()) {
            return;
        }
        if (!isServerOf(holder.get(), cluster)) {
            LOG.warn("removing a stale postmaster.pid of the embedded PostgreSQL (its process number is now another program's)");
            Files.delete(pidFile);
            return;
        }
        LOG.warn("the embedded PostgreSQL of a gateway that did not stop cleanly is still running (pid {}): stopping it",
                holder.get().pid());
        commands.run("pg_ctl", List.of("stop", "-D", cluster.dataDirectory().toString(), "-m", "fast", "-w", "-t", "120"), 150);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (holder.get().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static boolean isServerOf(ProcessHandle process, Cluster cluster) {
        ProcessHandle.Info info = process.info();
        boolean postgres = info.command().map(c -> c.endsWith("/postgres")).orElse(false);
        boolean ours = info.arguments().map(args -> List.of(args).contains(cluster.dataDirectory().toString())).orElse(true);
        return postgres && ours;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("interrupted while starting the embedded PostgreSQL", e);
        }
    }

    /** The process ended before it was ready (port taken, leftovers of a killed server still exiting, ...). */
    static final class StartFailed extends EmbeddedPostgresException {
        private static final long serialVersionUID = 1L;

        StartFailed(String lastWords) {
            super("the embedded PostgreSQL stopped while starting: " + lastWords);
        }
    }
}
