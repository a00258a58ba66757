package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/live} and {@code /health/ready} on a running gateway, without a token: ready lists each check
 * (database, migrations, mllp, http), and turns 503 naming the migrations when the schema history no longer
 * shows the newest migration applied.
 */
class HealthHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void liveAndReadyNameEachCheck() throws Exception {
        String url = RunningGateway.freshDatabaseUrl();
        try (RunningGateway gw = RunningGateway.start(dir, RunningGateway.clientsYaml("") + "dbUrl: \"" + url + "\"\n",
                java.util.Map.of())) {
            HttpResponse<String> live = get(gw, "/health/live");
            assertEquals(200, live.statusCode());
            assertEquals("up", JSON.readTree(live.body()).path("status").asText());

            HttpResponse<String> ready = get(gw, "/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            JsonNode body = JSON.readTree(ready.body());
            assertEquals("up", body.path("status").asText());
            List<String> names = new java.util.ArrayList<>();
            body.path("checks").fieldNames().forEachRemaining(names::add);
            assertEquals(List.of("database", "migrations", "mllp", "http"), names);
            body.path("checks").forEach(check -> assertTrue(check.path("ok").asBoolean(), ready.body()));

            // the newest migration's history row marked failed: not ready, and the body says which check
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE flyway_schema_history SET success = false WHERE installed_rank ="
                        + " (SELECT max(installed_rank) FROM flyway_schema_history)");
            }
            HttpResponse<String> notReady = get(gw, "/health/ready");
            assertEquals(503, notReady.statusCode(), notReady.body());
            JsonNode down = JSON.readTree(notReady.body());
            assertEquals("down", down.path("status").asText());
            assertTrue(down.path("checks").path("database").path("ok").asBoolean());
            assertEquals(false, down.path("checks").path("migrations").path("ok").asBoolean());
            assertTrue(down.path("checks").path("migrations").path("detail").asText().contains("needs"), notReady.body());
        }
    }

    private static HttpResponse<String> get(RunningGateway gw, String path) throws Exception {
        return gw.send(HttpRequest.newBuilder(URI.create(gw.root() + path)).build());
    }
}
