package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fhirgateway.server.app.ConfigLoader;
import org.fhirgateway.server.ingest.MllpClient;
import org.fhirgateway.server.ops.LogFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GATEWAY_LOG_FORMAT=json}: every stderr line of a running gateway is one JSON object; a message posted
 * with {@code X-Request-Id} is applied on a worker thread under that id (the response echoes it), a message over
 * MLLP gets an id of its own, and no patient data from the messages is logged.
 */
class LogFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream originalErr = System.err;

    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        System.setErr(originalErr);
        LogFormat.apply(LogFormat.TEXT);
    }

    @Test
    void jsonLinesCarryTheRequestIdIntoTheApply() throws Exception {
        Path yaml = dir.resolve("only-format.yaml");
        Files.writeString(yaml, "httpPort: 0\n");
        assertEquals("json", new ConfigLoader(Map.of("GATEWAY_LOG_FORMAT", "json")).load(yaml).ops().logFormat());

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LogFormat.apply(LogFormat.JSON);
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String echoed;
        try (RunningGateway gw = RunningGateway.start(dir)) {
            HttpResponse<String> posted = gw.send(HttpRequest.newBuilder(URI.create(gw.root() + "/hl7v2"))
                    .header("Authorization", "Bearer " + RunningGateway.ADMIN)
                    .header("Content-Type", "application/hl7-v2").header("X-Request-Id", "req-log-test-1")
                    .POST(HttpRequest.BodyPublishers.ofString(MetricsHttpTest.adt("A01", "L1", "MRN5550001"))).build());
            assertTrue(posted.body().contains("MSA|AA|L1"), posted.body());
            assertEquals("req-log-test-1", posted.headers().firstValue("X-Request-Id").orElse(null));
            HttpResponse<String> generated = gw.get("/metadata", null);
            echoed = generated.headers().firstValue("X-Request-Id").orElse("");
            assertTrue(echoed.matches("[0-9a-f]{32}"), echoed);
            HttpResponse<String> smuggled = gw.send(gw.request("/metadata", null)
                    .header("X-Request-Id", "a b\"{}").build());
            assertTrue(smuggled.headers().firstValue("X-Request-Id").orElse("").matches("[0-9a-f]{32}"));
            try (MllpClient mllp = new MllpClient("localhost", gw.mllpPort())) {
                assertTrue(mllp.send(MetricsHttpTest.adt("A01", "L2", "MRN5550002")).contains("MSA|AA|L2"));
            }
        } finally {
            System.setErr(originalErr);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line)); // throws on a line that is not one JSON object
            }
        }
        assertFalse(lines.isEmpty());
        List<JsonNode> applied = lines.stream()
                .filter(l -> l.path("formattedMessage").asText().matches("inbox \\d+ applied")).toList();
        assertEquals(2, applied.size(), output);
        JsonNode http = applied.get(0);
        assertEquals("req-log-test-1", http.path("mdc").path("requestId").asText(), http.toString());
        assertTrue(http.path("threadName").asText().length() > 0);
        assertNotNull(http.get("timestamp"));
        assertEquals("INFO", http.path("level").asText());
        String mllpId = applied.get(1).path("mdc").path("requestId").asText();
        assertTrue(mllpId.matches("[0-9a-f]{32}"), applied.get(1).toString());
        for (String patientData : new String[] {"MRN5550001", "MRN5550002", "QUIXOTELLA", "WENCESLAVA"}) {
            assertFalse(output.contains(patientData), patientData + " logged");
        }
    }
}
