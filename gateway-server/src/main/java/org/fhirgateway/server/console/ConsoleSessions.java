package org.fhirgateway.server.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.fhirgateway.server.consent.AccessContext;

/**
 * The console's server-side sessions, in this node's memory: a random 256-bit id (the cookie), the caller and
 * a CSRF token. A session unused for the idle timeout is gone; sign-out removes it at once. A gateway restart
 * signs everybody out, which is acceptable for an operator console.
 */
final class ConsoleSessions {

    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
    /** Bounds the memory a flood of sign-ins (each needing a valid token) can take. */
    private static final int MAX_SESSIONS = 10_000;

    private record Entry(ConsoleSession session, long lastSeenMillis) {}

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration idle;

    ConsoleSessions(Clock clock, Duration idle) {
        this.clock = clock;
        this.idle = idle;
    }

    /** A new session for a caller just signed in (a new id every time: no session fixation). */
    ConsoleSession open(AccessContext caller) {
        long now = clock.millis();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(e -> expired(e, now));
            if (sessions.size() >= MAX_SESSIONS) {
                sessions.values().stream().min(java.util.Comparator.comparingLong(Entry::lastSeenMillis))
                        .ifPresent(oldest -> sessions.remove(oldest.session().id()));
            }
        }
        ConsoleSession session = new ConsoleSession(randomToken(), caller, randomToken());
        sessions.put(session.id(), new Entry(session, now));
        return session;
    }

    /** The live session of a cookie value, its idle clock restarted; empty when unknown or expired. */
    Optional<ConsoleSession> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        long now = clock.millis();
        Entry entry = sessions.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        if (expired(entry, now)) {
            sessions.remove(id, entry);
            return Optional.empty();
        }
        sessions.replace(id, entry, new Entry(entry.session(), now));
        return Optional.of(entry.session());
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    int size() {
        return sessions.size();
    }

    /** Constant-time comparison of a submitted CSRF token with the session's. */
    static boolean sameToken(String expected, String submitted) {
        if (expected == null || submitted == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8));
    }

    private boolean expired(Entry entry, long now) {
        return now - entry.lastSeenMillis() > idle.toMillis();
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
