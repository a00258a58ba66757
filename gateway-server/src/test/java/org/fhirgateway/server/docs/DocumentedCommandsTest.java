package org.fhirgateway.server.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fhirgateway.server.app.GatewayMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command in the {@code ```sh} blocks of README.md and docs/*.md (docs/backup.md apart: its own check runs its
 * commands) runs as written. One real gateway is started on the embedded default ({@code serve} in a child JVM, a
 * fresh data directory); then, in document order (README.md, then docs/ by name; each file top to bottom):
 * <ul>
 *   <li>a {@code curl} against {@code localhost:8080} (or the MLLP port 2575) runs with {@code bash -c}, the port
 *       numbers replaced by the test gateway's, and must exit 0 with an HTTP status below 400 (the harness makes
 *       {@code curl} a function adding {@code --fail-with-body}; the line itself is run as the docs write it);</li>
 *   <li>a {@code java -jar gateway-server/target/gateway.jar convert ...} line runs with that {@code java -jar} made
 *       {@code GatewayMain} on the test classpath in a child JVM (the jar is built after the test phase) and must exit 0;</li>
 *   <li>{@code NAME=value} lines set variables for the later lines of their block;</li>
 *   <li>every other line must be listed in {@link #COVERED_ELSEWHERE} with what covers it, so a new line that cannot
 *       run here fails this test until someone classifies it. A listed line the docs no longer hold fails it too.</li>
 * </ul>
 * The lines run from a scratch folder that links every top-level entry of the repository, so relative paths such as
 * {@code @docs/examples/patient.json} resolve as from the repository root while files a command writes
 * ({@code > bundles.json}) stay out of the work tree. A fence without a language fails the test: a command could hide
 * in it.
 */
class DocumentedCommandsTest {

    /** Lines of the docs that this test does not run, each with what does check it (or why nothing can here). */
    static final Map<String, String> COVERED_ELSEWHERE = Map.ofEntries(
            Map.entry("java -jar gateway-server/target/gateway.jar serve",
                    "this test starts the same serve (GatewayMain serve, with ports and --data-dir) for the lines it runs;"
                            + " ServeCommandTest and GracefulStopTest start and stop it in a child JVM"),
            Map.entry("export GATEWAY_DB_URL=jdbc:postgresql://db.internal:5432/gateway GATEWAY_DB_USER=gw GATEWAY_DB_PASSWORD=...",
                    "an external PostgreSQL at a site's own host: ConfigLoaderTest covers the variables and their"
                            + " precedence; the tests run on an external PostgreSQL when GATEWAY_TEST_PG_URL is set"),
            Map.entry("export GATEWAY_TOKEN_SIGNING_KEY=$(head -c 32 /dev/urandom | base64)",
                    "ConfigLoaderTest (signing key validation); MultiNodeHttpTest (two nodes, one key)"),
            Map.entry("java -jar gateway.jar serve --config /etc/gateway/gateway.yaml",
                    "a site's own configuration file; ConfigLoaderTest reads config/gateway.example.yaml the same way"),
            Map.entry("curl -s -X POST http://localhost:8080/auth/token -d grant_type=client_credentials"
                            + " -d client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
                            + " -d client_assertion=$ASSERTION -d scope='system/Observation.write system/Patient.read'",
                    "needs a client's signed assertion ($ASSERTION) and a registered key set: AuthHttpTest posts real"
                            + " signed assertions to /auth/token"),
            Map.entry("mvn -o -q -pl gateway-server -am test -Dtest='MllpFramesTest,V2HeaderReaderTest,AcksTest,"
                            + "MllpIngestTest,MllpBadInputTest,MergeOrderTest,HttpIngestTest,AdtStoryTest,CrashTest,LaneHoldTest'"
                            + " -Dsurefire.failIfNoSpecifiedTests=false",
                    "runs tests that mvn -B verify (CI) runs; this test checks that each named test class exists"),
            Map.entry("GATEWAY_TEST_PG_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres mvn -o -q -pl gateway-server"
                            + " -am test -Dtest=CrashTest -Dsurefire.failIfNoSpecifiedTests=false",
                    "needs a PostgreSQL of one's own; TestDatabases reads GATEWAY_TEST_PG_URL, CI runs the suite embedded"),
            Map.entry("mvn -o -q -pl gateway-server -am test-compile dependency:build-classpath"
                            + " -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test",
                    "the build itself (mvn -B verify compiles the test classes); the load benchmark is run by hand"),
            Map.entry("CP=gateway-server/target/test-classes:gateway-server/target/classes:$(cat /tmp/cp.txt)",
                    "reads the classpath file the line before writes; the load benchmark is run by hand"),
            Map.entry("java -cp \"$CP\" org.fhirgateway.server.ingest.IngestLoadBenchmark embedded IMMEDIATE store 8 20 max",
                    "a 20 s load benchmark, run by hand (not by mvn verify); IngestLoadBenchmark is compiled by the build"),
            Map.entry("java -cp \"$CP\" org.fhirgateway.server.ingest.IngestLoadBenchmark embedded IMMEDIATE store 4 20 200",
                    "a 20 s load benchmark, run by hand (not by mvn verify); IngestLoadBenchmark is compiled by the build"),
            Map.entry("java -cp \"$CP\" org.fhirgateway.server.ingest.IngestLoadBenchmark embedded ORIGINAL store 4 20 200",
                    "a 20 s load benchmark, run by hand (not by mvn verify); IngestLoadBenchmark is compiled by the build"),
            Map.entry("java -cp \"$CP\" org.fhirgateway.server.ingest.IngestLoadBenchmark"
                            + " 'jdbc:postgresql://127.0.0.1:5432/test?user=postgres' IMMEDIATE store 8 20 max",
                    "a load benchmark against a PostgreSQL of one's own, run by hand"),
            Map.entry("mvn -B verify -pl gateway-server -am -Dtest='SearchParserFuzzTest,V2InputFuzzTest' -Dsurefire.failIfNoSpecifiedTests=false"
                            + " -Djqwik.tries.default=200000 -Djqwik.reporting.onlyfailures=false",
                    "the long fuzz run, by hand; mvn -B verify (CI) runs the same properties with 300 tries each"));

    private static final String CONVERT = "java -jar gateway-server/target/gateway.jar convert";
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=\\S*");
    private static final Pattern GATEWAY_HTTP = Pattern.compile("\\b(localhost|127\\.0\\.0\\.1):8080\\b");
    private static final Pattern GATEWAY_MLLP = Pattern.compile("\\b(localhost|127\\.0\\.0\\.1):2575\\b");
    private static final Pattern TEST_CLASSES = Pattern.compile("-Dtest='([^']+)'");

    @TempDir
    Path dir;

    /** One logical line of a {@code sh} block (continuations joined), where it is, and the block it is in. */
    record Line(String file, int number, int block, String text) {
        String where() {
            return file + ":" + number;
        }
    }

    @Test
    void everyDocumentedCommandRunsAsWritten() throws Exception {
        Path root = repositoryRoot();
        List<Line> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path doc : documents(root)) {
            lines.addAll(shellLines(root, doc, problems));
        }
        assertTrue(lines.size() > 20, "sh lines found: " + lines.size());

        Set<String> listedSeen = new LinkedHashSet<>();
        List<Line> runnable = new ArrayList<>();
        for (Line line : lines) {
            String key = withoutComment(line.text());
            if (COVERED_ELSEWHERE.containsKey(key)) {
                listedSeen.add(key);
                checkNamedTestsExist(root, key, line, problems);
            } else if (isAssignment(key)) {
                // sets a variable for the lines after it in its block
            } else if (isGatewayCurl(key, lines, line) || key.startsWith(CONVERT) || key.contains("| " + CONVERT)) {
                runnable.add(line);
            } else {
                problems.add(line.where() + ": not runnable by this test and not listed in COVERED_ELSEWHERE: " + key);
            }
        }
        for (String listed : COVERED_ELSEWHERE.keySet()) {
            if (!listedSeen.contains(listed)) {
                problems.add("COVERED_ELSEWHERE lists a line no document holds any more: " + listed);
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }

        Path scratch = scratchFolder(root);
        int httpPort = freePort();
        int mllpPort = freePort();
        Process gateway = startGateway(httpPort, mllpPort);
        boolean stopped;
        try {
            awaitMetadata(httpPort, gateway);
            for (Line line : runnable) {
                String script = preamble() + ports(setupBefore(lines, line) + line.text(), httpPort, mllpPort) + "\n";
                Result result = bash(scratch, script);
                if (result.exit() != 0) {
                    problems.add(line.where() + ": exit " + result.exit() + ": " + line.text() + "\n    " + tail(result.output()));
                }
            }
        } finally {
            unlinkAll(scratch);
            gateway.destroy();   // SIGTERM: the gateway stops its embedded PostgreSQL last
            stopped = gateway.waitFor(60, TimeUnit.SECONDS);
            if (!stopped) {
                gateway.destroyForcibly();   // never leave a gateway running after the test
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " documented commands failed; the gateway's log:\n"
                    + tail(Files.readString(dir.resolve("gateway.log"))) + "\n\n" + String.join("\n", problems));
        }
        assertTrue(stopped, "the gateway stops on SIGTERM");
    }

    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))
                    && Files.isDirectory(p.resolve("gateway-server"))) {
                return p;
            }
        }
        throw new AssertionError("no repository root above " + here);
    }

    /** README.md, then docs/*.md by name, except docs/backup.md. */
    static List<Path> documents(Path root) throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(root.resolve("README.md"));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .filter(p -> !p.getFileName().toString().equals("backup.md"))
                    .sorted()
                    .forEach(docs::add);
        }
        return docs;
    }

    /** The logical lines of the document's sh blocks: continuations joined, blank and comment lines left out. */
    static List<Line> shellLines(Path root, Path doc, List<String> problems) throws IOException {
        String name = root.relativize(doc).toString();
        List<String> text = Files.readAllLines(doc, StandardCharsets.UTF_8);
        List<Line> lines = new ArrayList<>();
        boolean inBlock = false;
        boolean shell = false;
        int block = 0;
        StringBuilder pending = null;
        int pendingStart = 0;
        for (int i = 0; i < text.size(); i++) {
            String raw = text.get(i);
            if (raw.startsWith("```")) {
                if (!inBlock) {
                    String language = raw.substring(3).strip();
                    if (language.isEmpty()) {
                        problems.add(name + ":" + (i + 1) + ": a fence without a language (```sh, ```text, ```yaml, ...)");
                    }
                    inBlock = true;
                    shell = language.equals("sh");
                    block++;
                } else {
                    if (pending != null) {
                        problems.add(name + ":" + pendingStart + ": a continued line at the end of its block");
                        pending = null;
                    }
                    inBlock = false;
                }
                continue;
            }
            if (!inBlock || !shell) {
                continue;
            }
            String line = raw.strip();
            if (pending == null && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (pending == null) {
                pending = new StringBuilder();
                pendingStart = i + 1;
            }
            boolean continued = line.endsWith("\\");
            pending.append(continued ? line.substring(0, line.length() - 1).strip() : line).append(continued ? " " : "");
            if (!continued) {
                lines.add(new Line(name, pendingStart, block, pending.toString().replaceAll("\\s+", " ").strip()));
                pending = null;
            }
        }
        if (inBlock) {
            problems.add(name + ": a fence that is never closed");
        }
        return lines;
    }

    /** The line without a trailing {@code # comment} (outside quotes), whitespace normalised. */
    static String withoutComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"') {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '\\') {
                i++;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i).strip();
            }
        }
        return line.strip();
    }

    static boolean isAssignment(String line) {
        return ASSIGNMENT.matcher(line).matches() && !line.contains("$(") && !line.contains("`");
    }

    /** A curl whose URL is the gateway's: written out, or through a variable set earlier in its block. */
    static boolean isGatewayCurl(String line, List<Line> all, Line self) {
        if (!line.startsWith("curl ")) {
            return false;
        }
        if (targetsGateway(line)) {
            return true;
        }
        for (Line earlier : all) {
            if (earlier.block() == self.block() && earlier.file().equals(self.file()) && earlier.number() < self.number()
                    && isAssignment(withoutComment(earlier.text()))) {
                String assignment = withoutComment(earlier.text());
                String variable = assignment.substring(0, assignment.indexOf('='));
                if (targetsGateway(assignment) && (line.contains("$" + variable + "/") || line.contains("$" + variable + " ")
                        || line.endsWith("$" + variable) || line.contains("${" + variable + "}")
                        || line.contains("$" + variable + "?") || line.contains("$" + variable + "\""))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean targetsGateway(String text) {
        return GATEWAY_HTTP.matcher(text).find() || GATEWAY_MLLP.matcher(text).find();
    }

    /** The assignments of the line's block that come before it, so its variables are set. */
    static String setupBefore(List<Line> all, Line line) {
        StringBuilder setup = new StringBuilder();
        for (Line earlier : all) {
            if (earlier.file().equals(line.file()) && earlier.block() == line.block() && earlier.number() < line.number()
                    && isAssignment(withoutComment(earlier.text()))) {
                setup.append(earlier.text()).append('\n');
            }
        }
        return setup.toString();
    }

    /** Only the port numbers change: 8080 and 2575 become the test gateway's. */
    static String ports(String text, int httpPort, int mllpPort) {
        String http = GATEWAY_HTTP.matcher(text).replaceAll("$1:" + httpPort);
        return GATEWAY_MLLP.matcher(http).replaceAll("$1:" + mllpPort);
    }

    /**
     * curl fails on an HTTP status of 400 or more ({@code --fail-with-body}, the body still shown) and gives up after
     * 60 s; {@code java -jar gateway-server/target/gateway.jar} is GatewayMain on the test classpath; a pipeline fails
     * when any of its commands does.
     */
    private String preamble() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return "set -o pipefail\n"
                + "curl() { command curl --fail-with-body --show-error --max-time 60 \"$@\"; }\n"
                + "java() {\n"
                + "  if [ \"$1\" = -jar ] && [ \"$2\" = gateway-server/target/gateway.jar ]; then\n"
                + "    shift 2\n"
                + "    command '" + java + "' -XX:TieredStopAtLevel=1 -cp \"$DOCS_TEST_CLASSPATH\" "
                + GatewayMain.class.getName() + " \"$@\"\n"
                + "  else\n"
                + "    command java \"$@\"\n"
                + "  fi\n"
                + "}\n";
    }

    /** A folder linking every top-level entry of the repository: relative paths resolve, written files stay here. */
    private Path scratchFolder(Path root) throws IOException {
        Path scratch = Files.createDirectories(dir.resolve("repo"));
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.equals(".git") && !name.equals("data")) {
                    Files.createSymbolicLink(scratch.resolve(name), entry);
                }
            }
        }
        return scratch;
    }

    /** Removes the links (never what they point at), so the temporary folder's clean-up has no links to follow. */
    private static void unlinkAll(Path scratch) throws IOException {
        try (Stream<Path> entries = Files.list(scratch)) {
            for (Path entry : entries.toList()) {
                if (Files.isSymbolicLink(entry)) {
                    Files.delete(entry);
                }
            }
        }
    }

    private Process startGateway(int httpPort, int mllpPort) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), GatewayMain.class.getName(), "serve",
                "--http-port", String.valueOf(httpPort), "--mllp-port", String.valueOf(mllpPort),
                "--data-dir", dir.resolve("data").toString()))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
        return builder.start();
    }

    private void awaitMetadata(int httpPort, Process gateway) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/fhir/metadata"))
                .timeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!gateway.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the gateway did not come up (alive=" + gateway.isAlive() + "):\n"
                        + tail(Files.readString(dir.resolve("gateway.log"))));
            }
            Thread.sleep(250);
        }
    }

    record Result(int exit, String output) {
    }

    private Result bash(Path workingDirectory, String script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script)
                .directory(workingDirectory.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
        builder.environment().put("DOCS_TEST_CLASSPATH", System.getProperty("java.class.path"));
        Process process = builder.start();
        process.getOutputStream().close();
        Path output = Files.createTempFile(dir, "out", ".txt");
        try (var in = process.getInputStream(); var out = Files.newOutputStream(output)) {
            in.transferTo(out);
        }
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out after 180 s");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /** The test classes a documented {@code mvn ... -Dtest='A,B'} line names must exist. */
    private static void checkNamedTestsExist(Path root, String command, Line line, List<String> problems) throws IOException {
        Matcher m = TEST_CLASSES.matcher(command);
        if (!m.find()) {
            return;
        }
        Set<String> present = new LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(root.resolve("gateway-server/src/test/java"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .forEach(n -> present.add(n.substring(0, n.length() - 5)));
        }
        for (String name : m.group(1).split(",")) {
            if (!present.contains(name.strip())) {
                problems.add(line.where() + ": names a test class that does not exist: " + name.strip());
            }
        }
    }

    private static String tail(String text) {
        String stripped = text.strip();
        return stripped.length() <= 1500 ? stripped : "..." + stripped.substring(stripped.length() - 1500);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
