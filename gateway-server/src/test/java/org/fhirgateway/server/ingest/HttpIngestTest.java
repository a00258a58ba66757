package org.fhirgateway.server.ingest;

import org.fhirgateway.server.testing.TestAccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.Database;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /hl7v2, the $convert-hl7v2 dry run and the admin operations over real HTTP (Jetty) on PostgreSQL. */
class HttpIngestTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final Authenticator TOKENS = header -> {
        if (header == null) {
            return Optional.empty();
        }
        return switch (header) {
            case "Bearer admin" -> Optional.of(TestAccess.context("admin", "HOPERAT", Set.of("system/*.read", "system/*.write"), Set.of()));
            case "Bearer sender" -> Optional.of(TestAccess.context("ehr", "TREAT", Set.of("system/Patient.write"), Set.of()));
            case "Bearer reader" -> Optional.of(TestAccess.context("registry", "PUBHLTH", Set.of("system/*.read"), Set.of()));
            default -> Optional.empty();
        };
    };

    private Database db;
    private IngestStack stack;
    private IngestHttpServer jetty;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        db = IngestDatabases.fresh();
        stack = IngestStack.start(db.dataSource(), new RecordingApplier(), new IngestStack.Settings(
                IngestSettings.defaults().withMode(AckMode.ORIGINAL),
                new WorkerSettings(2, Duration.ofSeconds(30), Duration.ofMillis(100), 50, "http")));
        jetty = IngestHttpServer.start(stack, TOKENS);
        base = jetty.base();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.close();
        stack.close();
        db.close();
    }

    private HttpResponse<String> post(String path, String token, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void postingAMessageReturnsItsAck() throws Exception {
        HttpResponse<String> r = post("/hl7v2", "sender", "application/hl7-v2", bytes(Messages.adt("A01", "H1", "P1")));
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/hl7-v2"));
        assertEquals("MSA|AA|H1", Messages.msa(r.body()));
        assertEquals("MSA|AA|H1", Messages.msa(post("/hl7v2", "sender", "text/plain", bytes(Messages.adt("A01", "H1", "P1"))).body()), "duplicate, same ACK");
        assertEquals(204, post("/hl7v2", "sender", "text/plain", bytes(Messages.adt("A01", "H2", "P1", "NE|NE"))).statusCode());
        assertEquals(200, post("/hl7v2", "sender", "text/plain", bytes("garbage")).statusCode(), "a NACK is still an HL7 answer");
    }

    @Test
    void theV2EndpointNeedsAWriteTokenAndAV2Body() throws Exception {
        byte[] msg = bytes(Messages.adt("A01", "H3", "P1"));
        HttpResponse<String> none = post("/hl7v2", null, "application/hl7-v2", msg);
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").isPresent());
        assertEquals(401, post("/hl7v2", "forged", "application/hl7-v2", msg).statusCode());
        assertEquals(403, post("/hl7v2", "reader", "application/hl7-v2", msg).statusCode());
        assertEquals(415, post("/hl7v2", "sender", "application/json", msg).statusCode());
        assertEquals(413, post("/hl7v2", "sender", "text/plain", new byte[(1 << 20) + 10]).statusCode());
    }

    @Test
    void convertIsADryRunThatReturnsTheBundle() throws Exception {
        byte[] message = Files.readAllBytes(Path.of("src/test/resources/v2/ADT-A08-01.hl7"));
        HttpResponse<String> r = post("/fhir/$convert-hl7v2", "reader", "application/hl7-v2", message);
        assertEquals(200, r.statusCode(), r.body());
        Bundle bundle = (Bundle) FHIR.newJsonParser().parseResource(r.body());
        assertEquals(Bundle.BundleType.TRANSACTION, bundle.getType());
        assertTrue(bundle.getEntry().stream().anyMatch(e -> e.getResource().fhirType().equals("Patient")));
        assertEquals(422, post("/fhir/$convert-hl7v2", "reader", "text/plain", bytes("not v2")).statusCode());
        assertEquals(401, post("/fhir/$convert-hl7v2", null, "text/plain", message).statusCode());
        assertEquals(0, stack.admin().list(new InboxAdmin.Query(null, null, null, null, null, null, 10)).rows().size(), "nothing stored");
    }

    @Test
    void adminListsFiltersPagesShowsAndReplays() throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO test_poison (control_id) VALUES ('F1')");
        }
        for (int i = 1; i <= 5; i++) {
            post("/hl7v2", "sender", "text/plain", bytes(Messages.adt("A0" + i, "OK" + i, "P" + i)));
        }
        assertEquals("MSA|AR|F1", Messages.msa(post("/hl7v2", "sender", "text/plain", bytes(Messages.adt("A01", "F1", "P9"))).body()));
        assertEquals(403, get("/fhir/$hl7v2-messages", "reader").statusCode(), "admin scope needed");

        Bundle failed = (Bundle) FHIR.newJsonParser().parseResource(get("/fhir/$hl7v2-messages?status=failed", "admin").body());
        assertEquals(1, failed.getEntry().size());
        Parameters row = (Parameters) failed.getEntry().get(0).getResource();
        assertEquals("INVALID_VALUE", row.getParameter("errorCode").getValue().primitiveValue());
        String id = row.getParameter("id").getValue().primitiveValue();

        Bundle page1 = (Bundle) FHIR.newJsonParser().parseResource(get("/fhir/$hl7v2-messages?_count=4&sender=HOSP", "admin").body());
        assertEquals(4, page1.getEntry().size());
        String next = page1.getLink("next").getUrl();
        Bundle page2 = (Bundle) FHIR.newJsonParser().parseResource(get(next.substring(next.indexOf("/fhir/")), "admin").body());
        assertEquals(2, page2.getEntry().size());
        assertEquals(1, ((Bundle) FHIR.newJsonParser().parseResource(get("/fhir/$hl7v2-messages?event=A03", "admin").body())).getEntry().size());
        assertEquals(400, get("/fhir/$hl7v2-messages?status=bogus", "admin").statusCode());

        Parameters detail = (Parameters) FHIR.newJsonParser().parseResource(get("/fhir/$hl7v2-message?id=" + id, "admin").body());
        assertTrue(detail.getParameter("raw").getValue().primitiveValue().startsWith("MSH|"));
        assertTrue(detail.getParameter("ack").getValue().primitiveValue().contains("MSA|AR|F1"));
        assertEquals(404, get("/fhir/$hl7v2-message?id=999999", "admin").statusCode());

        HttpRequest replayNoToken = HttpRequest.newBuilder(URI.create(base + "/fhir/$hl7v2-replay?id=" + id)).POST(HttpRequest.BodyPublishers.noBody()).build();
        assertEquals(401, http.send(replayNoToken, HttpResponse.BodyHandlers.ofString()).statusCode());
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM test_poison");
        }
        assertEquals(200, post("/fhir/$hl7v2-replay?id=" + id, "admin", null, new byte[0]).statusCode());
        assertEquals(409, waitApplied(id) ? post("/fhir/$hl7v2-replay?id=" + id, "admin", null, new byte[0]).statusCode() : -1);
        Parameters after = (Parameters) FHIR.newJsonParser().parseResource(get("/fhir/$hl7v2-message?id=" + id, "admin").body());
        assertTrue(after.getParameter().stream().anyMatch(p -> p.getName().equals("touched")));
        assertTrue(after.getParameter("bundle") != null);
    }

    private boolean waitApplied(String id) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (stack.admin().get(Long.parseLong(id)).orElseThrow().summary().status() == InboxStatus.APPLIED) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
