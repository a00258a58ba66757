package org.fhirgateway.server.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes paging tokens opaque and unforgeable: {@code base64url(payload) "." base64url(HMAC-SHA256(payload))}.
 * A node-local random key is fine for one node; give every node the same key when several share a database.
 */
public final class TokenSigner {

    private final byte[] key;

    public TokenSigner(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("signing key must have at least 16 bytes");
        }
        this.key = key.clone();
    }

    /** A signer with a fresh random key (tokens die with the process). */
    public static TokenSigner random() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new TokenSigner(k);
    }

    public String sign(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        return enc.encodeToString(bytes) + "." + enc.encodeToString(mac(bytes));
    }

    /** The payload of a token this signer made. */
    public String verify(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0) {
            throw new StoreException(StoreError.INVALID_PAGE_TOKEN, "malformed page token");
        }
        try {
            Base64.Decoder dec = Base64.getUrlDecoder();
            byte[] payload = dec.decode(token.substring(0, dot));
            byte[] signature = dec.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, mac(payload))) {
                throw new StoreException(StoreError.INVALID_PAGE_TOKEN, "page token signature does not match");
            }
            return new String(payload, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new StoreException(StoreError.INVALID_PAGE_TOKEN, "malformed page token");
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
