package org.fhirgateway.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 64-bit hashes stored in the index tables: the first 8 bytes of SHA-256 over the parts joined by a unit
 * separator. Write and query both use these functions, so they can never disagree.
 */
public final class IndexHash {

    private static final char SEPARATOR = '\u001f';
    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(IndexHash::sha256);

    private IndexHash() {
    }

    /** hash(resource type, parameter name). */
    public static long param(String resourceType, String paramName) {
        return hash(resourceType, paramName);
    }

    /** Token code only (any system). */
    public static long tokenValue(long paramHash, String value) {
        return hash(Long.toString(paramHash), "v", value);
    }

    /** Token system only (any code). */
    public static long tokenSystem(long paramHash, String system) {
        return hash(Long.toString(paramHash), "s", system);
    }

    /** Token system|code; an absent system is the empty string ({@code |code} searches). */
    public static long tokenSystemValue(long paramHash, String system, String value) {
        return hash(Long.toString(paramHash), "sv", system == null ? "" : system, value);
    }

    public static long uri(long paramHash, String uri) {
        return hash(Long.toString(paramHash), "u", uri);
    }

    /** Any parts, hashed in order. */
    public static long hash(String... parts) {
        MessageDigest digest = DIGESTS.get();
        digest.reset();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                digest.update((byte) SEPARATOR);
            }
            digest.update((parts[i] == null ? "" : parts[i]).getBytes(StandardCharsets.UTF_8));
        }
        byte[] h = digest.digest();
        long result = 0;
        for (int i = 0; i < 8; i++) {
            result = (result << 8) | (h[i] & 0xff);
        }
        return result;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
