package org.fhirgateway.server.store.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's embedded default database: a real PostgreSQL server whose cluster lives under
 * {@code <data-dir>/postgres} (see {@link Cluster} for the layout), started by the gateway and stopped after
 * everything else. It listens on 127.0.0.1 only, on a port chosen at each start, and takes only the gateway's
 * role with its generated password. Durability is PostgreSQL's own: fsync and synchronous commits on, and after a
 * crash its WAL recovery brings back every committed transaction at the next start.
 *
 * <p>If the server process dies while the gateway runs, a watchdog starts it again on the same port (the pool's
 * connections fail meanwhile, so senders get NACKs, never a lost ACK).
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final int START_ATTEMPTS = 50;

    private final Cluster cluster;
    private final ServerCommands commands;
    private final ServerSettings settings;
    private final DataDirectoryLock lock;
    private final String password;
    private final Object lifecycle = new Object();
    private volatile Postmaster postmaster;
    private volatile boolean closing;
    private final Thread watchdog;

    private EmbeddedPostgres(Cluster cluster, ServerCommands commands, ServerSettings settings, DataDirectoryLock lock,
            String password, Postmaster postmaster) {
        this.cluster = cluster;
        this.commands = commands;
        this.settings = settings;
        this.lock = lock;
        this.password = password;
        this.postmaster = postmaster;
        this.watchdog = new Thread(this::watch, "embedded-postgres-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * Starts the embedded server of a data directory: locks it (a second gateway fails at once, naming the first),
     * unpacks the binaries and runs initdb on the first start, stops a server left by a killed gateway, then starts
     * the server and creates the gateway's database if it is missing.
     */
    public static EmbeddedPostgres start(Path dataDirectory, ServerSettings settings, Platform platform) {
        Path dataDir = dataDirectory.toAbsolutePath().normalize();
        refuseOldH2Database(dataDir);
        Cluster cluster;
        DataDirectoryLock lock;
        try {
            PrivateFiles.directory(dataDir);
            cluster = new Cluster(PrivateFiles.directory(dataDir.resolve("postgres")));
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot create " + dataDir.resolve("postgres") + ": " + e.getMessage(), e);
        }
        lock = DataDirectoryLock.acquire(cluster.lockFile(), dataDir);
        try {
            PostgresBinaries binaries = PostgresBinaries.forThisMachine(platform);
            ServerCommands commands = ServerCommands.of(binaries.installIn(cluster.runtime()));
            long began = System.nanoTime();
            if (!cluster.initialised()) {
                LOG.info("creating the embedded PostgreSQL cluster in {}", cluster.dataDirectory());
                cluster.initialise(commands);
            }
            Postmaster.stopLeftOver(commands, cluster);
            Postmaster running = startOnFreePort(commands, cluster, settings, 0);
            String password = cluster.password();
            createDatabaseIfMissing(running.port(), password);
            LOG.info("embedded PostgreSQL ready on 127.0.0.1:{} in {} ms", running.port(),
                    (System.nanoTime() - began) / 1_000_000);
            return new EmbeddedPostgres(cluster, commands, settings, lock, password, running);
        } catch (IOException e) {
            lock.close();
            throw new EmbeddedPostgresException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            lock.close();
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("interrupted while starting the embedded PostgreSQL", e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Starts the server, retrying while it cannot: a port another program took between choosing and binding (a
     * new port is chosen unless {@code port} is fixed), or the processes of a killed server still exiting (their
     * shared memory still attached).
     */
    private static Postmaster startOnFreePort(ServerCommands commands, Cluster cluster, ServerSettings settings,
            int fixedPort) throws InterruptedException {
        Postmaster.StartFailed last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                return Postmaster.start(commands, cluster, settings, fixedPort != 0 ? fixedPort : freePort());
            } catch (Postmaster.StartFailed e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw last;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmbeddedPostgresException("no free local port for the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static void createDatabaseIfMissing(int port, String password) {
        try (Connection c = DriverManager.getConnection(url(port, "postgres"), credentials(password));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + Cluster.DATABASE + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + Cluster.DATABASE);
            }
        } catch (SQLException e) {
            throw new EmbeddedPostgresException("cannot create the gateway's database in the embedded PostgreSQL: "
                    + e.getMessage(), e);
        }
    }

    /** An H2 file from a gateway before the one-engine change: refused, never silently replaced by an empty database. */
    private static void refuseOldH2Database(Path dataDir) {
        for (String name : new String[] {"gateway.mv.db", "gateway.unclean.mv.db"}) {
            if (Files.exists(dataDir.resolve(name))) {
                throw new EmbeddedPostgresException("data directory " + dataDir + " holds an H2 database (" + name
                        + ") from an earlier gateway version; the embedded database is now PostgreSQL. Re-send the "
                        + "feeds into a new --data-dir, or keep running the earlier version on this one");
            }
        }
    }

    private static Properties credentials(String password) {
        Properties properties = new Properties();
        properties.setProperty("user", Cluster.USER);
        properties.setProperty("password", password);
        return properties;
    }

    private static String url(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The JDBC URL of the gateway's database (credentials apart: {@link #user()}, {@link #password()}). */
    public String jdbcUrl() {
        return url(postmaster.port(), Cluster.DATABASE);
    }

    /** A JDBC URL of another database on this server, such as {@code postgres}. */
    public String jdbcUrl(String database) {
        return url(postmaster.port(), database);
    }

    public String user() {
        return Cluster.USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return postmaster.port();
    }

    /** The process id of the running server (the crash tests kill it). */
    public long pid() {
        return postmaster.pid();
    }

    /** Restarts a server that died under the running gateway, on the same port, until it runs or the gateway stops. */
    private void watch() {
        while (!closing) {
            Postmaster current = postmaster;
            try {
                if (current.awaitExit(1000) && !closing) {
                    restartAfterDeath(current);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void restartAfterDeath(Postmaster dead) throws InterruptedException {
        synchronized (lifecycle) {
            if (closing || postmaster != dead) {
                return;
            }
            LOG.error("the embedded PostgreSQL stopped unexpectedly; restarting it (its WAL recovery restores every "
                    + "committed transaction)");
            while (!closing) {
                try {
                    postmaster = startOnFreePort(commands, cluster, settings, dead.port());
                    LOG.info("embedded PostgreSQL running again on 127.0.0.1:{}", dead.port());
                    return;
                } catch (EmbeddedPostgresException e) {
                    LOG.error("restart of the embedded PostgreSQL failed: {}; trying again", e.getMessage());
                    Thread.sleep(1000);
                }
            }
        }
    }

    /** Fast shutdown of the server, then the data directory is unlocked. Call after the pool is closed. */
    @Override
    public void close() {
        closing = true;
        watchdog.interrupt();
        synchronized (lifecycle) {
            try {
                postmaster.stop(commands, cluster);
            } finally {
                lock.close();
            }
        }
        LOG.info("embedded PostgreSQL stopped");
    }

}
