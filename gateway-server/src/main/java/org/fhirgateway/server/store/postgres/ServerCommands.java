package org.fhirgateway.server.store.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How the gateway runs the PostgreSQL programs it ships. PostgreSQL refuses to run as root; a gateway started as root
 * (a container's default user, CI) runs them in a new user namespace ({@code unshare -U}), where the process is
 * an unprivileged user to PostgreSQL while the kernel still sees the gateway's own user, so the files stay the
 * gateway's and nothing is shared with any other account.
 */
final class ServerCommands {

    private final Path installation;
    private final List<String> prefix;

    private ServerCommands(Path installation, List<String> prefix) {
        this.installation = installation;
        this.prefix = prefix;
    }

    /** Commands for the unpacked installation; as root, checks once that user namespaces can be used. */
    static ServerCommands of(Path installation) {
        if (!runningAsRoot()) {
            return new ServerCommands(installation, List.of());
        }
        List<String> unshare = List.of("unshare", "-U");
        String probe;
        try {
            probe = runForOutput(withPrefix(unshare, List.of("id", "-u")), 10).strip();
        } catch (IOException e) {
            probe = "";
        }
        if (probe.isEmpty() || probe.equals("0")) {
            throw new EmbeddedPostgresException("the gateway runs as root, which PostgreSQL refuses, and this system "
                    + "cannot run it in a user namespace (unshare -U): run the gateway as an ordinary user or pass --db-url");
        }
        return new ServerCommands(installation, unshare);
    }

    /** True when this process runs as root (the owner of /proc/self is the effective user). */
    static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The command line of one of the shipped programs ({@code initdb}, {@code pg_ctl}, {@code postgres}). */
    List<String> command(String program, List<String> arguments) {
        List<String> line = new ArrayList<>();
        line.add(installation.resolve("bin").resolve(program).toString());
        line.addAll(arguments);
        return withPrefix(prefix, line);
    }

    /** A process builder for a program, with a clean environment (no PG* variables reach the server). */
    ProcessBuilder builder(String program, List<String> arguments) {
        ProcessBuilder builder = new ProcessBuilder(command(program, arguments));
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("PG"));
        environment.put("LC_ALL", "C");
        return builder;
    }

    /** Runs a program to its end; a non-zero exit fails with the last lines it printed. */
    void run(String program, List<String> arguments, long timeoutSeconds) {
        ProcessBuilder builder = builder(program, arguments).redirectErrorStream(true);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new EmbeddedPostgresException(program + " did not finish in " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new EmbeddedPostgresException(program + " failed (exit " + process.exitValue() + "): "
                        + lastLines(new String(output, StandardCharsets.UTF_8), 3));
            }
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot run " + program + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("interrupted while running " + program, e);
        }
    }

    static String lastLines(String text, int count) {
        List<String> lines = text.strip().lines().toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    private static String runForOutput(List<String> command, long timeoutSeconds) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return "";
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static List<String> withPrefix(List<String> prefix, List<String> command) {
        List<String> line = new ArrayList<>(prefix);
        line.addAll(command);
        return line;
    }
}
