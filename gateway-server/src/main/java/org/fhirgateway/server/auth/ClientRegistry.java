package org.fhirgateway.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured clients, found by name or by static token (kept only as a SHA-256 digest). */
public final class ClientRegistry {

    private final Map<String, ClientDefinition> byName = new HashMap<>();
    private final Map<String, ClientDefinition> byTokenDigest = new HashMap<>();

    public ClientRegistry(List<ClientDefinition> clients) {
        for (ClientDefinition client : clients) {
            byName.put(client.name(), client);
            client.token().ifPresent(token -> byTokenDigest.put(digest(token), client));
        }
    }

    Optional<ClientDefinition> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    Optional<ClientDefinition> byStaticToken(String token) {
        return Optional.ofNullable(byTokenDigest.get(digest(token)));
    }

    public boolean hasStaticTokens() {
        return !byTokenDigest.isEmpty();
    }

    private static String digest(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }
}
