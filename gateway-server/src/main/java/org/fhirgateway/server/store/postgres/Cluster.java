package org.fhirgateway.server.store.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The files of the embedded cluster under {@code <data-dir>/postgres}:
 * <pre>
 *   gateway.lock      the lock of the running gateway (names its process)
 *   password          the database password, generated at the first start (0600)
 *   runtime/pgsql     the unpacked PostgreSQL binaries
 *   cluster/          the PostgreSQL data directory (initdb; WAL, tables, log/ of the server)
 *   startup.log       what the server printed before its own logging started
 * </pre>
 */
final class Cluster {

    /** The one database role; it owns the gateway's database. */
    static final String USER = "gateway";
    static final String DATABASE = "gateway";

    private final Path root;

    Cluster(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path dataDirectory() {
        return root.resolve("cluster");
    }

    Path runtime() {
        return root.resolve("runtime");
    }

    Path lockFile() {
        return root.resolve("gateway.lock");
    }

    Path startupLog() {
        return root.resolve("startup.log");
    }

    Path postmasterPid() {
        return dataDirectory().resolve("postmaster.pid");
    }

    boolean initialised() {
        return Files.isRegularFile(dataDirectory().resolve("PG_VERSION"));
    }

    Path passwordFile() {
        return root.resolve("password");
    }

    /** The password, created at the first start. */
    String password() throws IOException {
        Path file = passwordFile();
        if (!Files.isRegularFile(file)) {
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            PrivateFiles.write(file, Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n");
        }
        Files.setPosixFilePermissions(file, PrivateFiles.FILE);
        return Files.readString(file).strip();
    }

    /**
     * Runs initdb into a folder beside the cluster and renames it into place, so a crash during initdb leaves no
     * half-made cluster. Password (SCRAM) authentication for TCP from 127.0.0.1 only; data checksums on.
     */
    void initialise(ServerCommands commands) throws IOException {
        String password = password();
        Path making = root.resolve("cluster.initdb");
        deleteIfPresent(making);
        Path passwordFile = root.resolve("initdb.pw");
        PrivateFiles.write(passwordFile, password + "\n");
        try {
            commands.run("initdb", List.of("-D", making.toString(), "-U", USER, "--pwfile=" + passwordFile,
                    "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--data-checksums", "--no-instructions"), 300);
        } finally {
            Files.deleteIfExists(passwordFile);
        }
        PrivateFiles.write(making.resolve("pg_hba.conf"), """
                # Written by the gateway: the embedded server takes TCP connections from 127.0.0.1 only,
                # for its one role, with a password (SCRAM); no Unix socket, no trust.
                host    all    %s    127.0.0.1/32    scram-sha-256
                """.formatted(USER));
        Files.move(making, dataDirectory(), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteIfPresent(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
