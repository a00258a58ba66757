package org.fhirgateway.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

    private static final byte[] KEY = new byte[32];

    @Test
    void tokenVerifiesUntilItExpires() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        AccessTokens issuer = new AccessTokens(KEY, Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
        String token = issuer.issue("backend", Set.of("system/Patient.read")).token();
        AccessTokens.Verified verified = issuer.verify(token).orElseThrow();
        assertEquals("backend", verified.clientName());
        assertEquals(Set.of("system/Patient.read"), verified.scopes());
        AccessTokens later = new AccessTokens(KEY, Duration.ofMinutes(5), Clock.fixed(now.plusSeconds(301), ZoneOffset.UTC));
        assertTrue(later.verify(token).isEmpty(), "expired");
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertTrue(new AccessTokens(otherKey, Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC)).verify(token).isEmpty(),
                "signed with another key");
        assertTrue(issuer.verify("garbage").isEmpty());
    }

    @Test
    void grantIsTheIntersectionOfRequestedAndAllowed() {
        Set<String> allowed = Set.of("system/Patient.read", "system/Observation.read");
        assertEquals(Set.of("system/Patient.read", "system/Observation.read"), Scopes.grant(Set.of("system/*.read"), allowed));
        assertEquals(Set.of("system/Patient.read"), Scopes.grant(Set.of("system/Patient.read", "system/Patient.write"), allowed));
        assertEquals(Set.of(), Scopes.grant(Set.of("system/Coverage.read", "patient/*.read"), allowed));
        assertEquals(Set.of("system/Coverage.read"), Scopes.grant(Set.of("system/Coverage.read"), Set.of("system/*.*")));
    }
}
