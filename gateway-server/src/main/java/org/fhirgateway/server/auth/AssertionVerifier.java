package org.fhirgateway.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Checks a SMART Backend Services client assertion (RFC 7523 private_key_jwt): a JWT signed with a key the client
 * registered, {@code iss} = {@code sub} = client id, {@code aud} = the token endpoint, {@code exp} at most five
 * minutes ahead, and a {@code jti} never seen before.
 */
final class AssertionVerifier {

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS384, JWSAlgorithm.ES384, JWSAlgorithm.RS256, JWSAlgorithm.ES256,
            JWSAlgorithm.RS512, JWSAlgorithm.ES512, JWSAlgorithm.PS384, JWSAlgorithm.PS256);
    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    static final Duration SKEW = Duration.ofSeconds(30);

    private final ClientRegistry clients;
    private final JtiStore jtis;
    private final Clock clock;

    AssertionVerifier(ClientRegistry clients, JtiStore jtis, Clock clock) {
        this.clients = clients;
        this.jtis = jtis;
        this.clock = clock;
    }

    /** @param audiences the token endpoint URLs {@code aud} may name (empty: none, the request is refused) */
    ClientDefinition verify(String assertion, java.util.Set<String> audiences) throws TokenError {
        SignedJWT jwt = parse(assertion);
        JWTClaimsSet claims = claims(jwt);
        ClientDefinition client = client(claims);
        checkSignature(jwt, client);
        if (audiences.isEmpty()) {
            throw new TokenError(TokenError.INVALID_CLIENT, "no publicBaseUrl is configured: token requests are only "
                    + "taken on a loopback address");
        }
        if (claims.getAudience() == null || claims.getAudience().stream().noneMatch(audiences::contains)) {
            throw new TokenError(TokenError.INVALID_CLIENT, "aud must be this server's token endpoint URL "
                    + String.join(" or ", new java.util.TreeSet<>(audiences)));
        }
        Instant expires = checkExpiry(claims);
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank()) {
            throw new TokenError(TokenError.INVALID_CLIENT, "the assertion has no jti");
        }
        if (!jtis.firstUse(client.name(), jti, expires)) {
            throw new TokenError(TokenError.INVALID_GRANT, "the assertion's jti was already used");
        }
        return client;
    }

    private static SignedJWT parse(String assertion) throws TokenError {
        try {
            return SignedJWT.parse(assertion);
        } catch (ParseException e) {
            throw new TokenError(TokenError.INVALID_CLIENT, "client_assertion is not a signed JWT");
        }
    }

    private static JWTClaimsSet claims(SignedJWT jwt) throws TokenError {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenError(TokenError.INVALID_CLIENT, "client_assertion claims are not a JSON object");
        }
    }

    private ClientDefinition client(JWTClaimsSet claims) throws TokenError {
        String iss = claims.getIssuer();
        if (iss == null || !iss.equals(claims.getSubject())) {
            throw new TokenError(TokenError.INVALID_CLIENT, "iss and sub must both be the client id");
        }
        return clients.byName(iss).filter(c -> c.publicKeys().isPresent())
                .orElseThrow(() -> new TokenError(TokenError.INVALID_CLIENT, "unknown client, or no keys registered"));
    }

    private static void checkSignature(SignedJWT jwt, ClientDefinition client) throws TokenError {
        JWSHeader header = jwt.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new TokenError(TokenError.INVALID_CLIENT, "signature algorithm not supported: " + header.getAlgorithm());
        }
        try {
            List<? extends Key> keys = new JWSVerificationKeySelector<SecurityContext>(ALGORITHMS,
                    new ImmutableJWKSet<>(client.jwks())).selectJWSKeys(header, null);
            for (Key key : keys) {
                JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(header, key);
                if (jwt.verify(verifier)) {
                    return;
                }
            }
        } catch (JOSEException | RuntimeException e) {
            throw new TokenError(TokenError.INVALID_CLIENT, "signature could not be verified");
        }
        throw new TokenError(TokenError.INVALID_CLIENT, "signature does not match a registered key");
    }

    private Instant checkExpiry(JWTClaimsSet claims) throws TokenError {
        Date exp = claims.getExpirationTime();
        Instant now = clock.instant();
        if (exp == null) {
            throw new TokenError(TokenError.INVALID_CLIENT, "the assertion has no exp");
        }
        if (!exp.toInstant().plus(SKEW).isAfter(now)) {
            throw new TokenError(TokenError.INVALID_GRANT, "the assertion has expired");
        }
        if (exp.toInstant().isAfter(now.plus(MAX_LIFETIME).plus(SKEW))) {
            throw new TokenError(TokenError.INVALID_GRANT, "exp must be at most five minutes ahead");
        }
        return exp.toInstant();
    }
}
