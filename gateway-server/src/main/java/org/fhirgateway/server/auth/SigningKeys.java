package org.fhirgateway.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The HMAC key that signs access tokens. A configured key wins (every node of a deployment sharing one database
 * must be given the same one); otherwise a random 256-bit key is created once in the data folder and reused.
 */
public final class SigningKeys {

    static final String KEY_FILE = "token-signing.key";
    private static final int KEY_BYTES = 32;

    private SigningKeys() {}

    /** The key bytes: decoded from {@code configured} if present, else read from (or first written to) the data folder. */
    public static byte[] resolve(Optional<String> configured, Path dataDir) {
        if (configured.isPresent()) {
            return Base64.getDecoder().decode(configured.get().trim());
        }
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("token signing key file unusable: " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        try {
            Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException raced) {
            return;
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's ACL applies
        }
    }
}
