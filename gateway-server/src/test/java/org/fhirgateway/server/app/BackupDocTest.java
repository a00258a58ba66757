package org.fhirgateway.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipFile;
import org.fhirgateway.server.store.postgres.EmbeddedPostgres;
import org.fhirgateway.server.store.postgres.Platform;
import org.fhirgateway.server.store.postgres.ServerSettings;
import org.fhirgateway.server.testing.EmbeddedClusters;
import org.fhirgateway.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs docs/backup.md as written: every command line of its sh blocks, in order, as real processes (the gateway
 * commands in child JVMs through {@link GatewayMain} on the test classpath), with only paths, ports and the external
 * JDBC URL substituted; between them the checks an operator would make. On the way: a backup while the gateway
 * serves and writes keep coming (online, one snapshot), the refusals of {@code restore} (a non-empty target, a data
 * directory in use), an offline backup, restore into a new data directory and into an external database (a new
 * schema on the test PostgreSQL) that {@code serve --db-url} then serves, and a cold copy.
 */
class BackupDocTest {

    private static final String TOKEN = "dev-admin-token-LOCAL-ONLY";
    private static final Path DOC = Path.of(System.getProperty("user.dir")).resolveSibling("docs").resolve("backup.md");

    @TempDir
    Path dir;

    private final List<Process> background = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> ran = new ArrayList<>();
    private String externalUrl;
    private int httpPort;

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process p : background) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void everyCommandOfTheDocRunsAsWritten() throws Exception {
        Files.createDirectories(dir.resolve("gateway"));
        Files.createDirectories(dir.resolve("backups"));
        externalUrl = TestDatabases.freshSchemaUrl("gw_doc_");
        Path data = dir.resolve("gateway/data");

        // Backup while the gateway runs
        Process first = serve("java -jar gateway.jar serve --data-dir /srv/gateway/data --http-port 8080 --mllp-port 2575 &");
        String kept = createPatient("Keptfamily");
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                try {
                    createPatient("Duringbackup");
                    written.incrementAndGet();
                } catch (Exception e) {
                    return;
                }
            }
        });
        writer.start();
        while (written.get() < 5) {
            Thread.sleep(20);
        }
        Result backup = run("java -jar gateway.jar backup --data-dir /srv/gateway/data --to /srv/backups/gateway.zip");
        writing.set(false);
        writer.join();
        assertEquals(0, backup.exit(), backup.toString());
        Path zip = dir.resolve("backups/gateway.zip");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(zip)));
        JsonNode manifest = manifest(zip);
        long patients = rows(manifest, "resource");
        assertTrue(patients >= 6, manifest.toString());
        assertEquals(patients, rows(manifest, "resource_version"), "one snapshot: every resource with its one version");
        assertEquals(patients, rows(manifest, "change_log"), "one snapshot: every version with its change-log row");
        assertEquals(201, post("Patient", patientJson("Afterbackup")).statusCode(), "the gateway still serves");

        Result port = run("sed -n 4p /srv/gateway/data/postgres/cluster/postmaster.pid");
        Result password = run("cat /srv/gateway/data/postgres/password");
        assertEquals(0, port.exit());
        assertTrue(port.out().strip().matches("\\d+"), port.out());
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port.out().strip()
                + "/gateway", "gateway", password.out().strip())) {
            assertTrue(c.isValid(5), "the documented connection details reach the embedded server");
        }

        Result nonEmpty = gateway("restore", "--from", zip.toString(), "--db-url", EmbeddedClusters.jdbcUrl(data));
        assertEquals(1, nonEmpty.exit(), nonEmpty.toString());
        assertTrue(nonEmpty.lastErrorLine().startsWith("restore: the target database is not empty (table "), nonEmpty.toString());
        Result inUse = gateway("restore", "--from", zip.toString(), "--data-dir", data.toString());
        assertEquals(1, inUse.exit(), inUse.toString());
        assertTrue(inUse.lastErrorLine().startsWith("restore: data directory ") && inUse.lastErrorLine().contains("in use"),
                inUse.toString());

        // Restore
        Result restore = run("java -jar gateway.jar restore --from /srv/backups/gateway.zip --data-dir /srv/gateway/data-restored");
        assertEquals(0, restore.exit(), restore.toString());
        assertEquals(patients, countResources(dir.resolve("gateway/data-restored")));

        // Moving to an external PostgreSQL: the gateway is stopped first
        stop(first);
        long before = countResources(data);
        Result offline = run("java -jar gateway.jar backup --data-dir /srv/gateway/data --to /srv/backups/move.zip");
        assertEquals(0, offline.exit(), offline.toString());
        assertEquals(before, rows(manifest(dir.resolve("backups/move.zip")), "resource"));
        Result moved = run("java -jar gateway.jar restore --from /srv/backups/move.zip --db-url 'jdbc:postgresql://db.example.org:5432/gateway'");
        assertEquals(0, moved.exit(), moved.toString());
        Process external = serve("java -jar gateway.jar serve --db-url 'jdbc:postgresql://db.example.org:5432/gateway' --http-port 8080 --mllp-port 2575 &");
        HttpResponse<String> read = get("Patient/" + kept);
        assertEquals(200, read.statusCode(), read.body());
        assertTrue(read.body().contains("Keptfamily"));
        assertEquals(201, post("Patient", patientJson("Aftermove")).statusCode(), "new rows get fresh numbers");
        stop(external);

        // Cold backup
        Result copy = run("cp -a /srv/gateway/data /srv/backups/gateway-data-copy");
        assertEquals(0, copy.exit(), copy.toString());
        assertEquals(before, countResources(dir.resolve("backups/gateway-data-copy")));

        assertEquals(docCommands(), ran, "the test ran exactly the command lines of docs/backup.md, in order");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, GatewayMain.run("backup", "--to", dir.resolve("x.zip").toString()));
        assertEquals(2, GatewayMain.run("backup", "--to", "x.zip", "--data-dir", "d", "--db-url", "jdbc:postgresql://h/db"));
        assertEquals(2, GatewayMain.run("restore", "--data-dir", "d"));
        assertEquals(1, GatewayMain.run("backup", "--data-dir", dir.resolve("nothing").toString(), "--to",
                dir.resolve("x.zip").toString()), "no embedded database there");
    }

    /** The non-comment lines of the sh blocks of docs/backup.md. */
    private static List<String> docCommands() throws IOException {
        List<String> commands = new ArrayList<>();
        boolean inSh = false;
        for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                inSh = !inSh && line.strip().equals("```sh");
            } else if (inSh && !line.isBlank() && !line.strip().startsWith("#")) {
                commands.add(line.strip());
            }
        }
        return commands;
    }

    private String substitute(String line) throws IOException {
        return line.replace("java -jar gateway.jar", "\"$GW_JAVA\" -XX:TieredStopAtLevel=1 -cp \"$GW_CP\" " + GatewayMain.class.getName())
                .replace("/srv/gateway", dir.resolve("gateway").toString())
                .replace("/srv/backups", dir.resolve("backups").toString())
                .replace("jdbc:postgresql://db.example.org:5432/gateway", externalUrl)
                .replace("--http-port 8080", "--http-port " + httpPort)
                .replace("--mllp-port 2575", "--mllp-port " + freePort());
    }

    private ProcessBuilder bash(String command) {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(dir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
        builder.environment().put("GW_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("GW_CP", System.getProperty("java.class.path"));
        return builder;
    }

    record Result(int exit, String out, String err) {
        String lastErrorLine() {
            List<String> lines = err.lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    private Result run(String docLine) throws Exception {
        ran.add(docLine);
        return exec(bash(substitute(docLine)));
    }

    /** A command the test adds (not from the doc), in a child JVM. */
    private Result gateway(String... args) throws Exception {
        StringBuilder command = new StringBuilder("exec \"$GW_JAVA\" -XX:TieredStopAtLevel=1 -cp \"$GW_CP\" " + GatewayMain.class.getName());
        for (String arg : args) {
            command.append(" '").append(arg).append('\'');
        }
        return exec(bash(command.toString()));
    }

    private Result exec(ProcessBuilder builder) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 300 s: " + builder.command());
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Process serve(String docLine) throws Exception {
        assertTrue(docLine.endsWith(" &"));
        ran.add(docLine);
        httpPort = freePort();
        String command = substitute(docLine.substring(0, docLine.length() - 2));
        Path log = Files.createTempFile(dir, "serve", ".log");
        Process p = bash("exec " + command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        background.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                if (get("metadata").statusCode() == 200) {
                    return p;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("serve did not come up: " + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stops on SIGTERM");
    }

    private String createPatient(String family) throws Exception {
        HttpResponse<String> created = post("Patient", patientJson(family));
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        String path = location.substring(location.indexOf("/Patient/") + "/Patient/".length());
        return path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
    }

    private static String patientJson(String family) {
        return "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}";
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/fhir/" + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/fhir/" + path))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode manifest(Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return new ObjectMapper().readTree(file.getInputStream(file.getEntry("manifest.json")));
        }
    }

    private static long rows(JsonNode manifest, String table) {
        for (JsonNode t : manifest.get("tables")) {
            if (t.get("name").asText().equals(table)) {
                return t.get("rows").asLong();
            }
        }
        throw new AssertionError("no table " + table + " in " + manifest);
    }

    /** Rows of {@code resource} in a stopped data directory's embedded database. */
    private static long countResources(Path dataDir) throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.start(dataDir, new ServerSettings(10, "32MB", 120),
                new Platform(System.getProperty("os.name"), System.getProperty("os.arch")));
                Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM resource")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
