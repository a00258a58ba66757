package org.fhirgateway.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * The connection pool and schema of the gateway: a HikariCP pool on PostgreSQL (the embedded server or an external
 * one), migrated by Flyway ({@link Migrations}) when opened. Close it on shutdown.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource pool;
    private final IdentitySweeper identitySweeper;
    private final PeriodicTask sweep;
    /** Background tasks of the store on this database (store.Relabelling), stopped before the pool closes. */
    private final List<PeriodicTask> tasks = new CopyOnWriteArrayList<>();

    private Database(HikariDataSource pool, IdentitySweeper identitySweeper) {
        this.pool = pool;
        this.identitySweeper = identitySweeper;
        this.sweep = identitySweeper.schedule();
    }

    /** Settings for {@link #open(Settings)}; {@code user} and {@code password} may be empty (trust authentication). */
    public record Settings(String jdbcUrl, String user, String password, int maxPoolSize) {
        public Settings {
            if (maxPoolSize < 1) {
                throw new IllegalArgumentException("maxPoolSize must be at least 1");
            }
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("unsupported JDBC URL: the gateway runs on PostgreSQL (jdbc:postgresql:)");
            }
            user = user == null ? "" : user;
            password = password == null ? "" : password;
        }

        public static Settings of(String jdbcUrl) {
            return new Settings(jdbcUrl, "", "", 10);
        }

        @Override
        public String toString() {
            return "Settings[" + jdbcUrl.replaceAll("password=[^&]*", "password=***") + ", pool " + maxPoolSize + "]";
        }
    }

    /** Opens the pool and runs the migrations. */
    public static Database open(Settings settings) {
        HikariDataSource pool = new HikariDataSource(poolConfig(settings));
        try {
            Migrations.migrate(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, new IdentitySweeper(pool));
    }

    private static HikariConfig poolConfig(Settings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setAutoCommit(true);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setPoolName("gateway-db");
        // the ingest acknowledges a message once its row is committed: a commit must be on disk when it returns,
        // whatever the server's default says
        config.setConnectionInitSql("SET synchronous_commit = on");
        // one multi-row INSERT per JDBC batch of index rows instead of one statement per row
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return config;
    }

    /** Opens a database by URL with default pool settings. */
    public static Database open(String jdbcUrl) {
        return open(Settings.of(jdbcUrl));
    }

    public DataSource dataSource() {
        return pool;
    }

    /** A pooled connection in auto-commit mode; the caller closes it. */
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** Refreshes the optimizer statistics ({@code ANALYZE}); worth calling after a bulk load. */
    public void analyze() {
        try (Connection c = connection(); java.sql.Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "ANALYZE failed", e);
        }
    }

    /** The sweeper of unheld conditional-identity rows. */
    IdentitySweeper identitySweeper() {
        return identitySweeper;
    }

    /** Stops {@code task} when this database closes. */
    void stopOnClose(PeriodicTask task) {
        tasks.add(task);
    }

    @Override
    public void close() {
        tasks.forEach(PeriodicTask::close);
        sweep.close();
        pool.close();
    }
}
