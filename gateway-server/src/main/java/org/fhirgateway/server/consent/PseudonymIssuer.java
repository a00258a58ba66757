package org.fhirgateway.server.consent;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudonymous ids for one de-identified client: {@code HMAC-SHA256(key, client, type, id)} in lower-case base32,
 * 26 characters (130 bits), so the same resource always has the same pseudonym for that client and different ones
 * for different clients, and none can be turned back without the key. It remembers what it issued, so the release
 * can record them: the client may then ask for a resource by its pseudonym.
 */
public final class PseudonymIssuer implements Pseudonyms {

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final byte[] key;
    private final String client;
    private final Map<String, Issued> issued = new LinkedHashMap<>();

    /** One pseudonym handed out. */
    public record Issued(String type, String pseudoId, String realId) {
    }

    public PseudonymIssuer(byte[] key, String client) {
        this.key = key.clone();
        this.client = client;
    }

    @Override
    public String pseudonym(String resourceType, String id) {
        String pseudo = compute(key, client, resourceType, id);
        issued.putIfAbsent(resourceType + "/" + pseudo, new Issued(resourceType, pseudo, id));
        return pseudo;
    }

    public List<Issued> issued() {
        return List.copyOf(issued.values());
    }

    private static String compute(byte[] key, String client, String type, String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] h = mac.doFinal((client + '\u001f' + type + '\u001f' + id).getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder(26);
            int buffer = 0;
            int bits = 0;
            for (int i = 0; out.length() < 26; i++) {
                buffer = (buffer << 8) | (h[i] & 0xff);
                bits += 8;
                while (bits >= 5 && out.length() < 26) {
                    out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                    bits -= 5;
                }
            }
            return out.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
