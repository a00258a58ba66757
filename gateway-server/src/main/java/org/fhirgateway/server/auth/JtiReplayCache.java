package org.fhirgateway.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers the {@code jti} of every client assertion until the assertion expires, so none is accepted twice.
 * Held in memory by one node (for a single node without a shared database, and for tests); entries live at most the
 * assertion lifetime (5 minutes) plus clock skew. Nodes sharing a database use {@link DatabaseJtiStore}.
 */
final class JtiReplayCache implements JtiStore {

    private final Cache<String, Instant> seen;
    private final Clock clock;

    JtiReplayCache(Clock clock, Duration skew) {
        this.clock = clock;
        this.seen = Caffeine.newBuilder()
                .maximumSize(1_000_000)
                .ticker(Ticker.systemTicker())
                .expireAfter(new UntilExpiry(clock, skew))
                .build();
    }

    @Override
    public boolean firstUse(String clientName, String jti, Instant expires) {
        return seen.asMap().putIfAbsent(clientName + '\u0000' + jti, expires) == null;
    }

    private record UntilExpiry(Clock clock, Duration skew) implements Expiry<String, Instant> {
        @Override
        public long expireAfterCreate(String key, Instant expires, long currentTime) {
            Duration left = Duration.between(clock.instant(), expires).plus(skew);
            return Math.max(0, left.toNanos());
        }

        @Override
        public long expireAfterUpdate(String key, Instant expires, long currentTime, long currentDuration) {
            return currentDuration;
        }

        @Override
        public long expireAfterRead(String key, Instant expires, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
