package org.fhirgateway.server.store.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Folders of mode 0700 and files of mode 0600: nothing the embedded server keeps is readable by other local users. */
final class PrivateFiles {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates the folder and its missing parents as 0700; an existing folder is narrowed to 0700. */
    static Path directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                directory(parent);
            }
            try {
                Files.createDirectory(dir, attribute(DIRECTORY));
            } catch (FileAlreadyExistsException e) {
                // another thread made it; the mode is set below
            }
        }
        Files.setPosixFilePermissions(dir, DIRECTORY);
        return dir;
    }

    /** Writes a 0600 file whole: a temporary file beside it, then an atomic rename, so a crash leaves old or new. */
    static void write(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, attribute(FILE));
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Creates an empty 0600 file if there is none; narrows an existing one to 0600. */
    static Path touch(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, attribute(FILE));
        }
        Files.setPosixFilePermissions(file, FILE);
        return file;
    }

    static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
