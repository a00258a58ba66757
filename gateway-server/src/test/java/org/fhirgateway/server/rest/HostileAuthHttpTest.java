package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile SMART Backend Services clients over real HTTP on PostgreSQL (issue 11, item 4, and what already held): the
 * audience an assertion must name never comes from the Host header the caller sent; forged and replayed assertions
 * get no token.
 */
class HostileAuthHttpTest {

    private static RSAKey key;
    private static RSAKey otherKey;
    private static RunningGateway gw;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        otherKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        String backend = """
                  - name: backend
                    purposeOfUse: TREAT
                    scopes: [system/Patient.read]
                    jwks: %s
                """.formatted(new JWKSet(List.of(key.toPublicJWK())).toString());
        gw = RunningGateway.start(dir, RunningGateway.clientsYaml(backend) + "dbUrl: \""
                + RunningGateway.freshDatabaseUrl() + "\"\n", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    @Test
    void anAudienceNamedInTheHostHeaderIsNotThisServer() throws Exception {
        String evil = "http://evil.example:8080/auth/token";
        HostileRequestsHttpTest.RawAnswer answer = tokenRequest(assertion(evil, key, "jti-evil"), "evil.example:8080");
        assertEquals(401, answer.status(), answer.text());
        assertTrue(answer.body().contains("invalid_client"), answer.text());
        assertFalse(answer.body().contains("access_token"), answer.text());
    }

    @Test
    void theLocalUrlServesOnLoopbackWhateverTheHostHeader() throws Exception {
        String local = "http://localhost:" + port() + "/auth/token";
        HostileRequestsHttpTest.RawAnswer answer = tokenRequest(assertion(local, key, "jti-local"), "evil.example:8080");
        assertEquals(200, answer.status(), answer.text());
        assertTrue(answer.body().contains("access_token"), answer.text());
    }

    @Test
    void forgedAndReplayedAssertionsGetNoToken() throws Exception {
        String local = "http://127.0.0.1:" + port() + "/auth/token";
        HostileRequestsHttpTest.RawAnswer forged = tokenRequest(assertion(local, otherKey, "jti-forged"), "localhost");
        assertEquals(401, forged.status(), forged.text());
        String once = assertion(local, key, "jti-once");
        assertEquals(200, tokenRequest(once, "localhost").status());
        HostileRequestsHttpTest.RawAnswer replayed = tokenRequest(once, "localhost");
        assertEquals(400, replayed.status(), replayed.text());
        assertTrue(replayed.body().contains("invalid_grant"), replayed.text());
    }

    private static int port() {
        return URI.create(gw.root()).getPort();
    }

    private static String assertion(String audience, RSAKey signer, String jti) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("backend").subject("backend").audience(audience)
                .expirationTime(new java.util.Date(System.currentTimeMillis() + 240_000)).jwtID(jti).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID("k1").build(), claims);
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    /** A token request with the Host header the caller chose (java.net.http would not send a foreign one). */
    private static HostileRequestsHttpTest.RawAnswer tokenRequest(String assertion, String host) throws Exception {
        String form = "grant_type=client_credentials&client_assertion_type="
                + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer") + "&client_assertion=" + enc(assertion)
                + "&scope=" + enc("system/Patient.read");
        return HostileRequestsHttpTest.raw(gw, "POST /auth/token HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                + "\r\nConnection: close\r\n\r\n" + form);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
