package org.fhirgateway.server.rest;

import static org.fhirgateway.server.rest.CrudHttpTest.post;
import static org.fhirgateway.server.rest.RunningGateway.ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests get the right status and an OperationOutcome, never a 500 or a stack trace. */
class ErrorHttpTest {

    @TempDir
    static Path dir;
    static RunningGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = RunningGateway.start(dir, RunningGateway.clientsYaml(""), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    private static void assertOutcome(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"resourceType\":\"OperationOutcome\""), response.body());
        assertFalse(response.body().contains("at org."), "no stack trace: " + response.body());
        assertFalse(response.body().contains("at ca.uhn."), "no stack trace: " + response.body());
    }

    @Test
    void malformedJsonIs400() throws Exception {
        assertOutcome(400, post(gw, "/Patient", "{\"resourceType\":\"Patient\", \"name\": [", ADMIN));
        assertOutcome(400, post(gw, "/Patient", "not json at all", ADMIN));
        assertOutcome(400, post(gw, "/Patient", "{\"resourceType\":\"Patient\",\"birthDate\":\"yesterday\"}", ADMIN));
        assertOutcome(400, post(gw, "", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{]}", ADMIN));
    }

    @Test
    void bodyOfTheWrongTypeIs400() throws Exception {
        assertOutcome(400, post(gw, "/Patient", "{\"resourceType\":\"Observation\",\"status\":\"final\"}", ADMIN));
    }

    @Test
    void unknownResourceTypeIs404() throws Exception {
        HttpResponse<String> response = gw.get("/Medication/1", ADMIN);
        assertOutcome(404, response);
    }

    @Test
    void unsupportedMediaTypeIs415() throws Exception {
        HttpResponse<String> response = gw.send(gw.request("/Patient", ADMIN).header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("{\"resourceType\":\"Patient\"}")).build());
        assertOutcome(415, response);
    }

    @Test
    void oversizedBodyIs413WithContentLength() throws Exception {
        // Raw socket: the headers declare 300 kB and only the body's start is sent, so the 413 must come from the
        // Content-Length alone. (A client streaming the whole body may see the refused connection closed under it.)
        URI base = URI.create(gw.fhirBase());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            String head = "POST " + base.getPath() + "/Patient HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + ADMIN + "\r\nContent-Type: application/fhir+json\r\nContent-Length: 300100\r\n\r\n"
                    + "{\"resourceType\":\"Patient\"";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            assertTrue(status != null && status.startsWith("HTTP/1.1 413"), "status line: " + status);
            int length = -1;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            assertTrue(length > 0, "a body with a length");
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            String text = new String(body, 0, read);
            assertTrue(text.contains("\"resourceType\":\"OperationOutcome\""), text);
            assertFalse(text.contains("at org.") || text.contains("at ca.uhn."), "no stack trace: " + text);
        }
    }

    @Test
    void oversizedChunkedBodyIs413() throws Exception {
        byte[] big = ("{\"resourceType\":\"Patient\",\"id\":\"" + "x".repeat(300_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = gw.send(gw.request("/Patient", ADMIN).header("Content-Type", "application/fhir+json")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());
        assertOutcome(413, response);
    }

    @Test
    void compressedBodyIs415SoTheSizeLimitCannotBeSidestepped() throws Exception {
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(zipped)) {
            gzip.write(("{\"resourceType\":\"Patient\",\"id\":\"" + "x".repeat(1_000_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = gw.send(gw.request("/Patient", ADMIN).header("Content-Type", "application/fhir+json")
                .header("Content-Encoding", "gzip").POST(BodyPublishers.ofByteArray(zipped.toByteArray())).build());
        assertOutcome(415, response);
    }

    @Test
    void unsupportedInteractionIsAnErrorOutcomeNot500() throws Exception {
        HttpResponse<String> patch = gw.send(gw.request("/Patient/1", ADMIN).header("Content-Type", "application/json-patch+json")
                .method("PATCH", BodyPublishers.ofString("[]")).build());
        assertOutcome(405, patch);
        assertTrue(patch.headers().firstValue("Allow").orElse("").contains("PUT"));
        HttpResponse<String> deleteType = gw.send(gw.request("/Patient", ADMIN).DELETE().build());
        assertOutcome(400, deleteType);
        HttpResponse<String> putOnType = gw.send(gw.request("/Patient", ADMIN).header("Content-Type", "application/fhir+json")
                .PUT(BodyPublishers.ofString("{\"resourceType\":\"Patient\"}")).build());
        assertTrue(putOnType.statusCode() >= 400 && putOnType.statusCode() < 500, putOnType.statusCode() + putOnType.body());
    }

    @Test
    void pathsOutsideTheApiAnswerWithAnOperationOutcomeToo() throws Exception {
        HttpResponse<String> response = gw.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.root() + "/nothing-here")).build());
        assertOutcome(404, response);
    }

    @Test
    void badVersionIdIs400Or404() throws Exception {
        HttpResponse<String> response = gw.get("/Patient/1/_history/abc", ADMIN);
        assertTrue(response.statusCode() == 400 || response.statusCode() == 404, response.statusCode() + response.body());
    }
}
