package org.fhirgateway.server.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

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

    /** Created readable by this user only from the first byte (not chmod-ed afterwards: no window). */
    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        byte[] text = Base64.getEncoder().encodeToString(key).getBytes(StandardCharsets.US_ASCII);
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        try (SeekableByteChannel out = posix
                ? Files.newByteChannel(file, options, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")))
                : Files.newByteChannel(file, options)) { // Windows: the folder's ACL applies
            out.write(ByteBuffer.wrap(text));
        } catch (FileAlreadyExistsException raced) {
            // another node or process created it first: that one is used
        }
    }
}
