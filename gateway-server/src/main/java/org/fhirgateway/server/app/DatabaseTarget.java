package org.fhirgateway.server.app;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.fhirgateway.server.store.postgres.EmbeddedPostgres;
import org.fhirgateway.server.store.postgres.EmbeddedPostgresException;
import org.fhirgateway.server.store.postgres.RunningCluster;
import org.fhirgateway.server.store.postgres.ServerSettings;
import org.fhirgateway.server.store.backup.BackupException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database a {@code backup} reads or a {@code restore} fills: an external PostgreSQL by JDBC URL, or the embedded
 * server of a data directory, which is either the one a running gateway serves (connected to as an operator would,
 * from {@code postmaster.pid} and the password file, its lock left alone) or one started here for the duration.
 * One plain connection at a time, no pool.
 */
final class DatabaseTarget implements AutoCloseable {

    private final PGSimpleDataSource dataSource;
    private final EmbeddedPostgres startedHere;

    private DatabaseTarget(String jdbcUrl, String user, String password, EmbeddedPostgres startedHere) {
        this.dataSource = new PGSimpleDataSource();
        this.dataSource.setURL(jdbcUrl);
        if (user != null && !user.isBlank()) {
            this.dataSource.setUser(user);
        }
        if (password != null && !password.isEmpty()) {
            this.dataSource.setPassword(password);
        }
        this.dataSource.setApplicationName("gateway backup");
        this.startedHere = startedHere;
    }

    static DatabaseTarget external(String jdbcUrl, String user, String password) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new BackupException("--db-url must be a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DATABASE)");
        }
        return new DatabaseTarget(jdbcUrl, user, password, null);
    }

    /** For a backup: the running gateway's server if there is one, else the embedded server started here. */
    static DatabaseTarget embeddedToRead(Path dataDir) {
        var running = RunningCluster.find(dataDir);
        if (running.isPresent()) {
            return of(running.get());
        }
        if (!RunningCluster.exists(dataDir)) {
            throw new BackupException("no embedded database in " + dataDir.toAbsolutePath().normalize()
                    + " (no postgres/cluster there)");
        }
        try {
            return started(EmbeddedPostgres.start(dataDir, ServerSettings.gateway(), DatabaseServer.platform()));
        } catch (EmbeddedPostgresException e) {
            // a gateway may have started on the data directory in the meantime
            return RunningCluster.find(dataDir).map(DatabaseTarget::of).orElseThrow(() -> e);
        }
    }

    /**
     * For a restore: the embedded server started here, which locks the data directory (a running gateway's one is
     * refused: it would serve from under the restore). A new data directory gets a new cluster.
     */
    static DatabaseTarget embeddedToFill(Path dataDir) {
        return started(EmbeddedPostgres.start(dataDir, ServerSettings.gateway(), DatabaseServer.platform()));
    }

    private static DatabaseTarget of(RunningCluster running) {
        return new DatabaseTarget(running.jdbcUrl(), running.user(), running.password(), null);
    }

    private static DatabaseTarget started(EmbeddedPostgres server) {
        return new DatabaseTarget(server.jdbcUrl(), server.user(), server.password(), server);
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** For messages: which database, never its credentials. */
    String describe() {
        if (startedHere != null) {
            return "the embedded PostgreSQL (started for this command)";
        }
        String url = dataSource.getURL();
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    @Override
    public void close() {
        if (startedHere != null) {
            startedHere.close();
        }
    }
}
