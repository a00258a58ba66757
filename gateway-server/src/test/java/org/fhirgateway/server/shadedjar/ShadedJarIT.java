package org.fhirgateway.server.shadedjar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded {@code gateway.jar} itself (failsafe, after {@code package}): the jar's dependencies are trimmed with
 * exclusions and shade filters, and only a run of the jar shows that what R4 needs is still inside. Each check starts a
 * JVM whose classpath is the jar (plus, for the probe, that one class).
 */
class ShadedJarIT {

    private static final Path JAR = Path.of(System.getProperty("gateway.jar", "target/gateway.jar")).toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String ADMIN = "dev-admin-token-LOCAL-ONLY";

    @TempDir
    Path dir;

    /** A finished child JVM: exit status and everything it printed (stdout and stderr). */
    record Run(int status, String output) {
    }

    private Run run(Duration timeout, Path stdout, String... command) throws Exception {
        assertTrue(Files.isRegularFile(JAR), "no shaded jar at " + JAR);
        Path log = dir.resolve("stderr-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectError(log.toFile());
        builder.redirectOutput(stdout == null ? log.resolveSibling(log.getFileName() + ".out").toFile() : stdout.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout + ":\n" + Files.readString(log));
        }
        Path out = stdout == null ? log.resolveSibling(log.getFileName() + ".out") : stdout;
        return new Run(process.exitValue(), Files.readString(out) + Files.readString(log));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ShadedJarIT.class.getResource(name).toURI());
    }

    /** convert from the jar, then the probe validates what it wrote and R4 resources with profiles. */
    @Test
    void convertsAndValidatesR4InsideTheShadedJar() throws Exception {
        Path ndjson = dir.resolve("bundles.ndjson");
        List<String> convert = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString(), "convert"));
        try (Stream<Path> samples = Files.list(resource("/v2"))) {
            samples.filter(p -> p.toString().endsWith(".hl7")).sorted().forEach(p -> convert.add(p.toString()));
        }
        Run converted = run(Duration.ofMinutes(2), ndjson, convert.toArray(String[]::new));
        assertEquals(0, converted.status(), converted.output());
        assertEquals(convert.size() - 4, Files.readAllLines(ndjson).stream().filter(l -> !l.isBlank()).count(),
                "one bundle per sample message");

        // The probe's class alone beside the jar: nothing else from this build's classpath.
        Path probeRoot = dir.resolve("probe");
        Path compiled = resource("/" + ShadedJarProbe.class.getName().replace('.', '/') + ".class").getParent();
        Path target = Files.createDirectories(probeRoot.resolve(ShadedJarProbe.class.getPackageName().replace('.', '/')));
        try (Stream<Path> classes = Files.list(compiled)) {
            for (Path c : classes.filter(p -> p.getFileName().toString().startsWith(ShadedJarProbe.class.getSimpleName())).toList()) {
                Files.copy(c, target.resolve(c.getFileName()));
            }
        }
        Run probe = run(Duration.ofMinutes(4), null, JAVA, "-Xmx1g", "-cp", probeRoot + java.io.File.pathSeparator + JAR,
                ShadedJarProbe.class.getName(), ndjson.toString());
        assertEquals(0, probe.status(), probe.output());
        assertTrue(probe.output().contains("PROBE OK"), probe.output());
    }

    /** serve from the jar: the R4 RestfulServer answers metadata, creates and reads a Patient. */
    @Test
    void servesR4FromTheShadedJar() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("serve.log");
        ProcessBuilder builder = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "serve", "--http-port", String.valueOf(port),
                "--mllp-port", "0").directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
        Process process = builder.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://localhost:" + port + "/fhir";
            HttpResponse<String> metadata = poll(http, base + "/metadata", process, log);
            assertEquals(200, metadata.statusCode(), metadata.body());
            assertTrue(metadata.body().contains("\"fhirVersion\": \"4.0.1\"") || metadata.body().contains("\"fhirVersion\":\"4.0.1\""),
                    metadata.body());
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/Patient"))
                    .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Shaded\"}],\"birthDate\":\"1970-01-01\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            String location = created.headers().firstValue("Location").orElseThrow();
            String id = location.replaceAll(".*/Patient/([^/]+).*", "$1");
            HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(base + "/Patient/" + id + "?_format=xml"))
                    .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, read.statusCode(), read.body());
            assertTrue(read.body().contains("<family value=\"Shaded\"/>"), read.body());
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static HttpResponse<String> poll(HttpClient http, String url, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("serve did not come up (alive=" + process.isAlive() + "):\n" + Files.readString(log), notYet);
                }
                Thread.sleep(200);
            }
        }
    }
}
