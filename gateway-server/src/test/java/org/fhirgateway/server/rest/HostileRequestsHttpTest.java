package org.fhirgateway.server.rest;

import static org.fhirgateway.server.rest.HostileAnswers.assertOutcome;
import static org.fhirgateway.server.rest.HostileAnswers.bundle;
import static org.fhirgateway.server.rest.RunningGateway.ADMIN;
import static org.fhirgateway.server.rest.RunningGateway.BILLING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests over real HTTP on PostgreSQL (issue 11, items 6 and 7, and what already held): every error the
 * gateway or Jetty answers is an OperationOutcome with a stable code and no Java message, OPTIONS is answered, and a
 * local reference to nothing is refused.
 */
class HostileRequestsHttpTest {

    @TempDir
    static Path dir;
    static RunningGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = RunningGateway.start(dir, RunningGateway.clientsYaml("") + "dbUrl: \""
                + RunningGateway.freshDatabaseUrl() + "\"\n", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    /** (raw request line target, status, code): refused by Jetty before any servlet, or by the gateway. */
    static Stream<Arguments> refusedTargets() {
        String longQuery = "/fhir/Patient?name=" + "a".repeat(20_000);
        return Stream.of(
                Arguments.of("/fhir/Patient/%2e%2e%2f", 400, "GW-HTTP-400"),
                Arguments.of("/fhir/Patient/%00", 400, "GW-HTTP-400"),
                Arguments.of("/fhir/Patient/..%2F", 400, "GW-HTTP-400"),
                Arguments.of("/fhir/Patient/..%2F..%2Fetc%2Fpasswd", 400, "GW-HTTP-400"),
                Arguments.of("/fhir/%2e%2e/%2e%2e/etc/passwd", 400, "GW-HTTP-400"),
                Arguments.of("/fhir/Patient%5C..%5C", 400, "GW-HTTP-400"),
                Arguments.of(longQuery, 414, "GW-HTTP-414"),
                Arguments.of("/no-such-path", 404, "GW-HTTP-404"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTargets")
    void jettysOwnRefusalsAreOperationOutcomes(String target, int status, String code) throws Exception {
        RawAnswer answer = raw(gw, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ADMIN
                + "\r\nConnection: close\r\n\r\n");
        assertEquals(status, answer.status(), answer.text());
        assertTrue(answer.body().contains("\"resourceType\":\"OperationOutcome\""), answer.text());
        assertTrue(answer.body().contains(code), answer.text());
        assertFalse(answer.body().contains("Exception"), answer.text());
    }

    @Test
    void aHugeHeaderIsAnOperationOutcome() throws Exception {
        RawAnswer answer = raw(gw, "GET /fhir/metadata HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(40_000)
                + "\r\nConnection: close\r\n\r\n");
        assertEquals(431, answer.status(), answer.text());
        assertTrue(answer.body().contains("GW-HTTP-431"), answer.text());
    }

    @Test
    void optionsIsAnsweredLikeOtherFhirServers() throws Exception {
        HttpResponse<String> base = gw.send(HttpRequest.newBuilder(URI.create(gw.fhirBase()))
                .method("OPTIONS", BodyPublishers.noBody()).build());
        assertEquals(200, base.statusCode(), base.body());
        assertTrue(base.body().contains("CapabilityStatement"), base.body());
        HttpResponse<String> type = gw.send(HttpRequest.newBuilder(URI.create(gw.fhirBase() + "/Patient"))
                .method("OPTIONS", BodyPublishers.noBody()).build());
        assertTrue(type.statusCode() == 200 || type.statusCode() == 204, type.statusCode() + " " + type.body());
        assertTrue(type.headers().firstValue("Allow").orElse("").contains("GET"), type.headers().map().toString());
    }

    static Stream<Arguments> badAdminQueries() {
        return Stream.of("status=bogus", "_count=abc", "_count=99999999999999999999", "_cursor=abc",
                "_since=yesterday", "_until=2024-13-45").map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAdminQueries")
    void adminQueryErrorsNameTheParameterNotJavaInternals(String query) throws Exception {
        HttpResponse<String> answer = gw.get("/$hl7v2-messages?" + query, ADMIN);
        assertOutcome(answer, 400, "GW-INGEST-400");
        assertTrue(answer.body().contains(query.substring(0, query.indexOf('='))), answer.body());
    }

    @Test
    void unauthenticatedAndUnauthorisedAnswersAreOperationOutcomes() throws Exception {
        assertOutcome(gw.get("/Patient", null), 401, "GW-AUTH-401");
        assertOutcome(gw.get("/Patient", "not-a-token"), 401, "GW-AUTH-401");
        assertOutcome(gw.get("/Observation", BILLING), 403, "GW-AUTH-403");
        assertOutcome(gw.get("/$hl7v2-messages", BILLING), 403, "GW-INGEST-403");
    }

    @Test
    void anExternalEntityInXmlIsNotExpanded() throws Exception {
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE Patient [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <Patient xmlns="http://hl7.org/fhir"><name><family value="&xxe;"/></name></Patient>""";
        HttpResponse<String> answer = gw.send(gw.request("/Patient", ADMIN).header("Content-Type", "application/fhir+xml")
                .POST(BodyPublishers.ofString(xml)).build());
        assertTrue(answer.statusCode() >= 400 && answer.statusCode() < 500, answer.statusCode() + " " + answer.body());
        assertFalse(answer.body().contains("root:"), answer.body());
        assertEquals(0, bundle(gw.get("/Patient?_summary=count", ADMIN)).getTotal(), "nothing was stored");
    }

    @Test
    void aLocalReferenceToNothingIsRefusedUnlessTheTransactionCreatesIt() throws Exception {
        String dangling = """
                {"resourceType":"Observation","status":"final","code":{"text":"pulse"},
                 "subject":{"reference":"Patient/does-not-exist"}}""";
        assertOutcome(post("/Observation", dangling), 422, "GW-STORE-008");
        String transaction = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"request":{"method":"POST","url":"Observation"},
                  "resource":{"resourceType":"Observation","status":"final","code":{"text":"pulse"},
                              "subject":{"reference":"Patient/made-here"}}},
                 {"request":{"method":"PUT","url":"Patient/made-here"},
                  "resource":{"resourceType":"Patient","id":"made-here"}}]}""";
        assertEquals(200, post("", transaction).statusCode(), "created later in the same transaction");
        String external = """
                {"resourceType":"Observation","status":"final","code":{"text":"pulse"},
                 "subject":{"reference":"https://other.example.org/fhir/Patient/1"}}""";
        assertEquals(201, post("/Observation", external).statusCode(), "absolute URLs name other servers");
        String both = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"request":{"method":"POST","url":"Patient"},"resource":{"resourceType":"Patient"}},
                 {"request":{"method":"POST","url":"Observation"},
                  "resource":{"resourceType":"Observation","status":"final","code":{"text":"pulse"},
                              "subject":{"reference":"Patient/nowhere"}}}]}""";
        assertOutcome(post("", both), 422, "GW-STORE-008");
        assertEquals(1, bundle(gw.get("/Patient?_summary=count", ADMIN)).getTotal(),
                "the failed transaction stored nothing (only Patient/made-here exists)");
        String deleted = gw.send(gw.request("/Patient/made-here", ADMIN).DELETE().build()).statusCode() + "";
        assertTrue(deleted.startsWith("2"), deleted);
        assertOutcome(post("/Observation", dangling.replace("does-not-exist", "made-here")), 422, "GW-STORE-008");
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return gw.send(gw.request(path, ADMIN).header("Content-Type", "application/fhir+json")
                .POST(BodyPublishers.ofString(json)).build());
    }

    record RawAnswer(int status, String text) {
        String body() {
            int at = text.indexOf("\r\n\r\n");
            return at < 0 ? "" : text.substring(at + 4);
        }
    }

    /** Sends bytes as written (no client normalises the target) and reads the answer to the end. */
    static RawAnswer raw(RunningGateway gateway, String request) throws Exception {
        int port = URI.create(gateway.root()).getPort();
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            String[] statusLine = text.split(" ", 3);
            return new RawAnswer(statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1, text);
        }
    }
}
