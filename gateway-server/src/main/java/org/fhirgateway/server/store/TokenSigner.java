package org.fhirgateway.server.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes paging tokens opaque and unforgeable: {@code base64url(iv || AES-GCM(payload))}, with a key derived from
 * the given one. A token carries the query it continues (search values, the real ids behind a de-identified
 * client's pseudonyms), so it is encrypted, not only signed: nothing of it can be read from a URL.
 * A node-local random key is fine for one node; give every node the same key when several share a database.
 */
public final class TokenSigner {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public TokenSigner(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("signing key must have at least 16 bytes");
        }
        this.key = new SecretKeySpec(derive(key), "AES");
    }

    /** A signer with a fresh random key (tokens die with the process). */
    public static TokenSigner random() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new TokenSigner(k);
    }

    public String sign(String payload) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(payload.getBytes(StandardCharsets.UTF_8));
            byte[] token = Arrays.copyOf(iv, IV_BYTES + sealed.length);
            System.arraycopy(sealed, 0, token, IV_BYTES, sealed.length);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** The payload of a token this signer made. */
    public String verify(String token) {
        byte[] bytes;
        try {
            bytes = token == null ? new byte[0] : Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new StoreException(StoreError.INVALID_PAGE_TOKEN, "malformed page token");
        }
        if (bytes.length <= IV_BYTES + TAG_BITS / 8) {
            throw new StoreException(StoreError.INVALID_PAGE_TOKEN, "malformed page token");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new StoreException(StoreError.INVALID_PAGE_TOKEN, "page token signature does not match");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static byte[] derive(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal("fhir-gateway page token encryption".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
