package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** Two gateway nodes on one PostgreSQL database: tokens and paging links from one node work on the other. */
class MultiNodeHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String yaml(RSAKey key, String dbUrl, String signingKey) {
        String backend = """
                  - name: backend
                    purposeOfUse: TREAT
                    scopes: [system/Patient.read]
                    jwks: %s
                """.formatted(new JWKSet(key.toPublicJWK()));
        String keyLine = signingKey == null ? "" : "tokenSigningKey: " + signingKey + "\n";
        return RunningGateway.clientsYaml(backend) + "dbUrl: \"" + dbUrl + "\"\n" + keyLine;
    }

    private static String assertion(String audience, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(key.getKeyID()).build(),
                AuthHttpTest.claims(audience));
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static HttpResponse<String> requestToken(RunningGateway node, String assertion) throws Exception {
        String form = "grant_type=client_credentials&client_assertion_type="
                + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + assertion + "&scope=system%2FPatient.read";
        return node.send(HttpRequest.newBuilder(URI.create(node.root() + "/auth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private static String token(RunningGateway node, RSAKey key) throws Exception {
        HttpResponse<String> response = requestToken(node, assertion(node.root() + "/auth/token", key));
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    @Test
    void tokensAndPagingLinksWorkOnEveryNodeSharingTheKey() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("node-test").generate();
        String dbUrl = RunningGateway.freshDatabaseUrl();
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        String yaml = yaml(key, dbUrl, Base64.getEncoder().encodeToString(secret));
        try (RunningGateway a = RunningGateway.start(Files.createTempDirectory("node-a"), yaml, Map.of());
                RunningGateway b = RunningGateway.start(Files.createTempDirectory("node-b"), yaml, Map.of())) {
            String id = CrudHttpTest.createPatient(a, "Shared");
            CrudHttpTest.createPatient(a, "Shared");
            CrudHttpTest.createPatient(a, "Shared");
            String token = token(a, key);
            assertEquals(200, b.get("/Patient/" + id, token).statusCode(), "node B accepts node A's access token");

            Bundle first = CrudHttpTest.parse(Bundle.class, a.get("/Patient?family=Shared&_count=2", token));
            String next = first.getLink("next").getUrl().replace(a.fhirBase(), b.fhirBase());
            HttpResponse<String> second = b.send(HttpRequest.newBuilder(URI.create(next)).header("Authorization", "Bearer " + token).build());
            assertEquals(200, second.statusCode(), "node B follows node A's paging link: " + second.body());
            assertEquals(1, CrudHttpTest.parse(Bundle.class, second).getEntry().size());
        }
    }

    @Test
    void aReadOnOneNodeSeesAnUpdateMadeOnTheOther() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("node-test").generate();
        String yaml = yaml(key, RunningGateway.freshDatabaseUrl(), null);
        try (RunningGateway a = RunningGateway.start(Files.createTempDirectory("node-a"), yaml, Map.of());
                RunningGateway b = RunningGateway.start(Files.createTempDirectory("node-b"), yaml, Map.of())) {
            String id = CrudHttpTest.createPatient(a, "Before");
            for (int i = 0; i < 2; i++) { // the second read is served from node B's cache
                HttpResponse<String> read = b.get("/Patient/" + id, RunningGateway.ADMIN);
                assertEquals("Before", CrudHttpTest.parse(Patient.class, read).getNameFirstRep().getFamily());
            }

            Patient changed = new Patient();
            changed.setId(id);
            changed.addName().setFamily("After");
            HttpResponse<String> update = CrudHttpTest.put(a, "/Patient/" + id,
                    CrudHttpTest.FHIR.newJsonParser().encodeResourceToString(changed), null);
            assertEquals(200, update.statusCode(), update.body());

            HttpResponse<String> read = b.get("/Patient/" + id, RunningGateway.ADMIN);
            assertEquals("After", CrudHttpTest.parse(Patient.class, read).getNameFirstRep().getFamily(),
                    "node B serves the version node A wrote, not its cached one");
            assertEquals("W/\"2\"", read.headers().firstValue("ETag").orElse(null));
        }
    }

    @Test
    void anAssertionUsedOnOneNodeIsRejectedOnTheOther() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("node-test-3").generate();
        String dbUrl = RunningGateway.freshDatabaseUrl();
        String yaml = yaml(key, dbUrl, null) + "publicBaseUrl: https://gw.example.org\n";
        try (RunningGateway a = RunningGateway.start(Files.createTempDirectory("node-a"), yaml, Map.of());
                RunningGateway b = RunningGateway.start(Files.createTempDirectory("node-b"), yaml, Map.of())) {
            String assertion = assertion("https://gw.example.org/auth/token", key);
            assertEquals(200, requestToken(a, assertion).statusCode());
            HttpResponse<String> replay = requestToken(b, assertion);
            assertEquals(400, replay.statusCode(), replay.body());
            assertEquals("invalid_grant", JSON.readTree(replay.body()).path("error").asText());
        }
    }

    @Test
    void withoutASharedKeyAnotherNodeRejectsTheToken() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("node-test-2").generate();
        String dbUrl = RunningGateway.freshDatabaseUrl();
        try (RunningGateway a = RunningGateway.start(Files.createTempDirectory("node-a"), yaml(key, dbUrl, null), Map.of());
                RunningGateway b = RunningGateway.start(Files.createTempDirectory("node-b"), yaml(key, dbUrl, null), Map.of())) {
            String token = token(a, key);
            assertEquals(404, a.get("/Patient/none", token).statusCode());
            assertEquals(401, b.get("/Patient/none", token).statusCode());
        }
    }
}
