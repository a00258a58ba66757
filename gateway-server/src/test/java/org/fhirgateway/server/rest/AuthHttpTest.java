package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication over real HTTP: public endpoints, 401 rules, and the SMART Backend Services token flow. */
class AuthHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RSAKey rsaKey;
    private static ECKey ecKey;
    private static RunningGateway gateway;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        rsaKey = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ecKey = new ECKeyGenerator(Curve.P_384).keyID("ec-1").generate();
        String jwks = new JWKSet(java.util.List.of(rsaKey.toPublicJWK(), ecKey.toPublicJWK())).toString();
        String backend = """
                  - name: backend
                    purposeOfUse: TREAT
                    scopes: [system/Patient.read, system/Observation.read]
                    jwks: %s
                """.formatted(jwks);
        gateway = RunningGateway.start(dir, RunningGateway.clientsYaml(backend), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @Test
    void metadataIsPublic() throws Exception {
        HttpResponse<String> response = gateway.get("/metadata", null);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("CapabilityStatement"));
    }

    @Test
    void smartConfigurationIsPublicAndNamesTheTokenEndpoint() throws Exception {
        for (String url : new String[] {gateway.root() + "/.well-known/smart-configuration",
                gateway.fhirBase() + "/.well-known/smart-configuration"}) {
            HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(URI.create(url)).build());
            assertEquals(200, response.statusCode());
            JsonNode body = JSON.readTree(response.body());
            assertEquals(tokenUrl(), body.path("token_endpoint").asText());
            assertEquals("private_key_jwt", body.path("token_endpoint_auth_methods_supported").get(0).asText());
            assertTrue(body.path("token_endpoint_auth_signing_alg_values_supported").toString().contains("RS384"));
        }
    }

    @Test
    void noTokenIs401WithBearerChallenge() throws Exception {
        HttpResponse<String> response = gateway.get("/Patient", null);
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertTrue(response.body().contains("OperationOutcome"));
    }

    @Test
    void unknownTokenIs401() throws Exception {
        HttpResponse<String> response = gateway.get("/Patient", "not-a-valid-token");
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
    }

    @Test
    void rs384AssertionGetsATokenWithTheIntersectionOfScopes() throws Exception {
        HttpResponse<String> response = requestToken(rsaAssertion(claims(tokenUrl())), "system/*.read system/Patient.write");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("bearer", body.path("token_type").asText());
        assertEquals(java.util.Set.of("system/Patient.read", "system/Observation.read"),
                java.util.Set.of(body.path("scope").asText().split(" ")));
        assertTrue(body.path("expires_in").asInt() > 0 && body.path("expires_in").asInt() <= 300);
        HttpResponse<String> withToken = gateway.get("/Patient/never-created", body.path("access_token").asText());
        assertEquals(404, withToken.statusCode(), "the issued token must authenticate: " + withToken.body());
        assertEquals(403, gateway.get("/Coverage/never-created", body.path("access_token").asText()).statusCode());
    }

    @Test
    void es384AssertionIsAccepted() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("ec-1").build(), claims(tokenUrl()));
        jwt.sign(new ECDSASigner(ecKey));
        assertEquals(200, requestToken(jwt.serialize(), "system/Patient.read").statusCode());
    }

    @Test
    void replayedJtiIsRejected() throws Exception {
        String assertion = rsaAssertion(claims(tokenUrl()));
        assertEquals(200, requestToken(assertion, "system/Patient.read").statusCode());
        HttpResponse<String> replay = requestToken(assertion, "system/Patient.read");
        assertEquals(400, replay.statusCode());
        assertEquals("invalid_grant", JSON.readTree(replay.body()).path("error").asText());
    }

    @Test
    void wrongAudienceIsRejected() throws Exception {
        HttpResponse<String> response = requestToken(rsaAssertion(claims("https://elsewhere.example/token")), "system/Patient.read");
        assertEquals(401, response.statusCode());
        assertEquals("invalid_client", JSON.readTree(response.body()).path("error").asText());
    }

    @Test
    void expiredAssertionIsRejected() throws Exception {
        JWTClaimsSet expired = new JWTClaimsSet.Builder(claims(tokenUrl()))
                .expirationTime(Date.from(Instant.now().minusSeconds(120))).build();
        HttpResponse<String> response = requestToken(rsaAssertion(expired), "system/Patient.read");
        assertEquals(400, response.statusCode());
        assertEquals("invalid_grant", JSON.readTree(response.body()).path("error").asText());
    }

    @Test
    void assertionLivingLongerThanFiveMinutesIsRejected() throws Exception {
        JWTClaimsSet tooLong = new JWTClaimsSet.Builder(claims(tokenUrl()))
                .expirationTime(Date.from(Instant.now().plusSeconds(3600))).build();
        assertEquals("invalid_grant", JSON.readTree(requestToken(rsaAssertion(tooLong), "system/Patient.read").body())
                .path("error").asText());
    }

    @Test
    void assertionSignedWithAnUnregisteredKeyIsRejected() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID("rsa-1").build(), claims(tokenUrl()));
        jwt.sign(new RSASSASigner(stranger));
        HttpResponse<String> response = requestToken(jwt.serialize(), "system/Patient.read");
        assertEquals(401, response.statusCode());
        assertEquals("invalid_client", JSON.readTree(response.body()).path("error").asText());
    }

    @Test
    void scopeOutsideTheClientsAllowanceIsInvalidScope() throws Exception {
        HttpResponse<String> response = requestToken(rsaAssertion(claims(tokenUrl())), "system/Coverage.read");
        assertEquals(400, response.statusCode());
        assertEquals("invalid_scope", JSON.readTree(response.body()).path("error").asText());
    }

    @Test
    void wrongGrantTypeIsUnsupported() throws Exception {
        String form = "grant_type=password&scope=system%2FPatient.read";
        HttpResponse<String> response = postForm(form);
        assertEquals(400, response.statusCode());
        assertEquals("unsupported_grant_type", JSON.readTree(response.body()).path("error").asText());
    }

    @Test
    void tamperedAccessTokenIs401() throws Exception {
        HttpResponse<String> issued = requestToken(rsaAssertion(claims(tokenUrl())), "system/Patient.read");
        String token = JSON.readTree(issued.body()).path("access_token").asText();
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertEquals(401, gateway.get("/Patient", tampered).statusCode());
    }

    static JWTClaimsSet claims(String audience) {
        return new JWTClaimsSet.Builder().issuer("backend").subject("backend").audience(audience)
                .expirationTime(Date.from(Instant.now().plusSeconds(240))).jwtID(UUID.randomUUID().toString()).build();
    }

    private String tokenUrl() {
        return gateway.root() + "/auth/token";
    }

    private static String rsaAssertion(JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID("rsa-1").build(), claims);
        jwt.sign(new RSASSASigner(rsaKey));
        return jwt.serialize();
    }

    private HttpResponse<String> requestToken(String assertion, String scope) throws Exception {
        String form = "grant_type=client_credentials"
                + "&client_assertion_type=" + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=" + enc(assertion) + "&scope=" + enc(scope);
        return postForm(form);
    }

    private HttpResponse<String> postForm(String form) throws Exception {
        return gateway.send(HttpRequest.newBuilder(URI.create(tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
