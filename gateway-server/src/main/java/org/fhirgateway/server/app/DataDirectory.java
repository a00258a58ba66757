package org.fhirgateway.server.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data folder holds health records and keys: it is made readable by this user only (0700) before anything is
 * written to it, and files already in it (from an older version, or copied in) are tightened to 0600. Java has no
 * umask; files the gateway creates there are created with these permissions (see SigningKeys). On a file system
 * without POSIX permissions (Windows) the folder's ACL applies and nothing is changed.
 */
final class DataDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private DataDirectory() {
    }

    static void prepare(Path dir) {
        try {
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (!posix) {
                Files.createDirectories(dir);
                return;
            }
            if (!Files.exists(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER));
                Files.setPosixFilePermissions(dir, FOLDER); // parents were made with the umask; this one is ours
                return;
            }
            tighten(dir, FOLDER);
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path entry : (Iterable<Path>) entries::iterator) {
                    tighten(entry, Files.isDirectory(entry) ? FOLDER : FILE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the data folder " + dir, e);
        }
    }

    private static void tighten(Path path, Set<PosixFilePermission> wanted) throws IOException {
        if (Files.isSymbolicLink(path)) {
            return; // never follow a link out of the data folder
        }
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(path);
        if (!current.equals(wanted)) {
            Files.setPosixFilePermissions(path, wanted);
            LOG.info("data folder: {} was {}, now {}", path.getFileName(), PosixFilePermissions.toString(current),
                    PosixFilePermissions.toString(wanted));
        }
    }
}
