package org.fhirgateway.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and verifies the gateway's own access tokens: HS256 JWTs naming the client and its granted scopes,
 * signed with the deployment's shared key, so any node sharing that key accepts a token another node issued.
 */
public final class AccessTokens {

    static final String ISSUER = "urn:fhir-gateway";
    static final String AUDIENCE = "urn:fhir-gateway:api";
    private static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Duration lifetime;
    private final Clock clock;

    public AccessTokens(byte[] key, Duration lifetime, Clock clock) {
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("token signing key must hold at least 256 bits", e);
        }
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A token the client presents as a bearer token, and how long it lives. */
    record Issued(String token, Duration expiresIn, Set<String> scopes) {}

    /** What a valid token says. */
    record Verified(String clientName, Set<String> scopes) {}

    Issued issue(String clientName, Set<String> scopes) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(AUDIENCE).subject(clientName)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString()).claim("scope", Scopes.join(scopes))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(TYPE).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign access token", e);
        }
        return new Issued(jwt.serialize(), lifetime, scopes);
    }

    /** The token's client and scopes, or empty when it is not one of ours, was altered, or has expired. */
    Optional<Verified> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            boolean valid = ISSUER.equals(claims.getIssuer()) && claims.getAudience().contains(AUDIENCE)
                    && expires != null && expires.toInstant().isAfter(clock.instant()) && claims.getSubject() != null;
            return valid ? Optional.of(new Verified(claims.getSubject(), Scopes.parse(claims.getStringClaim("scope"))))
                    : Optional.empty();
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
