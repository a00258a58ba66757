package org.fhirgateway.server.store.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded server of a data directory as a tool beside a running gateway sees it, without taking the data
 * directory's lock: the gateway's lock is held, the port is line 4 of the cluster's {@code postmaster.pid} and the
 * password is in {@code postgres/password}. A backup connects to it this way while the gateway serves.
 */
public final class RunningCluster {

    private final int port;
    private final String password;

    private RunningCluster(int port, String password) {
        this.port = port;
        this.password = password;
    }

    /** True when the data directory holds an embedded cluster (initdb has run). */
    public static boolean exists(Path dataDir) {
        return new Cluster(root(dataDir)).initialised();
    }

    /**
     * The server of a gateway running on {@code dataDir} (in another process), or empty if no gateway holds the
     * data directory. Fails if a gateway holds it but its server is not ready (still starting, or restarting).
     */
    public static Optional<RunningCluster> find(Path dataDir) {
        Cluster cluster = new Cluster(root(dataDir));
        if (!DataDirectoryLock.heldByAnother(cluster.lockFile())) {
            return Optional.empty();
        }
        try {
            Optional<PostmasterPid> server = PostmasterPid.read(cluster.postmasterPid()).filter(PostmasterPid::ready);
            if (server.isEmpty()) {
                throw new EmbeddedPostgresException("a gateway holds data directory " + dataDir
                        + " but its embedded PostgreSQL is not ready; try again when the gateway has started");
            }
            String password = Files.readString(cluster.passwordFile(), StandardCharsets.UTF_8).strip();
            return Optional.of(new RunningCluster(server.get().port(), password));
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot read the running embedded PostgreSQL's port and password in "
                    + cluster.root() + ": " + e.getMessage(), e);
        }
    }

    private static Path root(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().resolve("postgres");
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + Cluster.DATABASE;
    }

    public String user() {
        return Cluster.USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }
}
