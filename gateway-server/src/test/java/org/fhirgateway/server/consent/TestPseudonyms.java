package org.fhirgateway.server.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A deterministic in-memory {@link Pseudonyms} for tests: SHA-256 of type and id, written in the letters a to p,
 * so a pseudonym never contains a digit that a test scans the output for.
 */
final class TestPseudonyms implements Pseudonyms {

    @Override
    public String pseudonym(String resourceType, String id) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((resourceType + "|" + id).getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder("ps-");
            for (int i = 0; i < 8; i++) {
                out.append((char) ('a' + ((hash[i] >> 4) & 0xf))).append((char) ('a' + (hash[i] & 0xf)));
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
