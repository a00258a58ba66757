package org.fhirgateway.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fhirgateway.server.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} in a real child JVM: starts with no setup, answers metadata, stops cleanly on SIGTERM. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void helpWorks() {
        assertEquals(0, GatewayMain.run("serve", "--help"));
    }

    @Test
    void serveStartsWithDefaultsAnswersMetadataAndStopsOnSigterm() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("serve.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                GatewayMain.class.getName(), "serve", "--http-port", String.valueOf(port), "--mllp-port", "0"))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
        Process process = builder.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> metadata = poll(http, "http://localhost:" + port + "/fhir/metadata", process);
            assertEquals(200, metadata.statusCode());
            assertTrue(metadata.body().contains("CapabilityStatement"));
            HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/Patient/none"))
                    .header("Authorization", "Bearer dev-admin-token-LOCAL-ONLY").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, read.statusCode(), "the built-in development admin token works");
            assertTrue(Files.isDirectory(dir.resolve("data")), "the embedded database lives under ./data");
        } finally {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
        }
        String output = Files.readString(log);
        assertTrue(output.contains("static bearer tokens are active"), output);
        assertTrue(output.contains("gateway stopped"), output);
        assertTrue(Files.exists(dir.resolve("data").resolve("token-signing.key")));
        assertTrue(Files.isRegularFile(dir.resolve("data/postgres/cluster/PG_VERSION")), "the embedded PostgreSQL cluster");
        assertTrue(output.contains("embedded PostgreSQL stopped"), output);
    }

    @Test
    void aSecondGatewayOnTheSameDataDirectoryExitsAtOnceNamingTheFirst() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process first = serve(port, dir.resolve("first.log"));
        try {
            poll(HttpClient.newHttpClient(), "http://localhost:" + port + "/fhir/metadata", first);
            Path secondLog = dir.resolve("second.log");
            long began = System.nanoTime();
            Process second = serve(0, secondLog);
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second gateway exits");
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
            assertEquals(1, second.exitValue());
            List<String> lines = Files.readAllLines(secondLog).stream().filter(l -> l.startsWith("serve:")).toList();
            assertEquals(1, lines.size(), Files.readString(secondLog));
            assertTrue(lines.get(0).contains("is in use by another gateway (gateway process " + first.pid()), lines.get(0));
            assertTrue(seconds < 30, "exits at once, not after a wait: " + seconds + " s");
            assertTrue(first.isAlive(), "the first gateway runs on");
        } finally {
            first.destroy();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
        }
    }

    private Process serve(int httpPort, Path log) throws java.io.IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                GatewayMain.class.getName(), "serve", "--http-port", String.valueOf(httpPort), "--mllp-port", "0"))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
        return builder.start();
    }

    @Test
    void serveRefusesEveryInterfaceWhileAnExampleTokenIsConfigured() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("refused.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), GatewayMain.class.getName(), "serve", "--bind", "0.0.0.0",
                "--http-port", "0", "--mllp-port", "0", "--db-url", TestDatabases.postgresBaseUrl()))
                .directory(dir.toFile()).redirectError(log.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "serve ends at once");
            assertEquals(2, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
        List<String> errors = Files.readAllLines(log).stream().filter(l -> l.startsWith("serve:")).toList();
        assertEquals(1, errors.size(), Files.readString(log));
        assertTrue(errors.get(0).contains("refusing to listen on 0.0.0.0") && errors.get(0).contains("'admin'"),
                errors.get(0));
        assertFalse(Files.exists(dir.resolve("data").resolve("token-signing.key")), "nothing was started");
    }

    private static HttpResponse<String> poll(HttpClient http, String url, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("serve did not come up (alive=" + process.isAlive() + ")", notYet);
                }
                Thread.sleep(200);
            }
        }
    }
}
