package org.fhirgateway.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool and schema of the gateway: a HikariCP pool on H2 or PostgreSQL, migrated by Flyway
 * ({@code db/migration}) when opened. Close it on shutdown.
 */
public final class Database implements AutoCloseable {

    /** The default H2 file database: PostgreSQL mode, MVStore, waits for locks instead of failing at once. */
    public static final String DEFAULT_H2_URL = h2FileUrl("./data/gateway");

    private final HikariDataSource pool;
    private final SqlDialect dialect;
    private final H2Compaction compaction;
    private final IdentitySweeper identitySweeper;
    /** The running housekeeping tasks: the sweep, and the compaction of an H2 file. */
    private final List<PeriodicTask> housekeeping = new ArrayList<>();

    /** The in-use mark of an H2 file database, or null (PostgreSQL, in-memory H2). */
    private final H2UncleanStop uncleanStop;

    private Database(HikariDataSource pool, SqlDialect dialect, H2Compaction compaction,
            IdentitySweeper identitySweeper, H2UncleanStop uncleanStop) {
        this.pool = pool;
        this.uncleanStop = uncleanStop;
        this.dialect = dialect;
        this.compaction = compaction;
        this.identitySweeper = identitySweeper;
        housekeeping.add(identitySweeper.schedule());
        if (compaction != null) {
            housekeeping.add(compaction.schedule());
        }
    }

    /** Settings for {@link #open(Settings)}; {@code user} and {@code password} may be empty for H2. */
    public record Settings(String jdbcUrl, String user, String password, int maxPoolSize) {
        public Settings {
            if (maxPoolSize < 1) {
                throw new IllegalArgumentException("maxPoolSize must be at least 1");
            }
            user = user == null ? "" : user;
            password = password == null ? "" : password;
        }

        public static Settings of(String jdbcUrl) {
            return new Settings(jdbcUrl, "", "", 10);
        }
    }

    /** A JDBC URL for an H2 file database at {@code path} with the settings the store relies on. */
    public static String h2FileUrl(String path) {
        return "jdbc:h2:file:" + path + ";" + H2_OPTIONS;
    }

    /** A JDBC URL for a private in-memory H2 database (kept until the pool closes). */
    public static String h2MemoryUrl(String name) {
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;" + H2_OPTIONS;
    }

    private static final String H2_OPTIONS =
            "MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=256;CACHE_SIZE=262144";

    /** Opens the pool and runs the migrations. */
    public static Database open(Settings settings) {
        SqlDialect dialect = SqlDialect.forJdbcUrl(settings.jdbcUrl());
        H2UncleanStop uncleanStop = dialect instanceof H2Dialect
                ? H2UncleanStop.forUrl(settings.jdbcUrl(), settings.user(), settings.password()) : null;
        boolean h2File = uncleanStop != null;
        if (h2File) {
            uncleanStop.rebuildIfUnclean();
        }
        HikariDataSource pool = new HikariDataSource(poolConfig(settings, dialect));
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .placeholders(dialect.migrationPlaceholders())
                    .load()
                    .migrate();
            if (h2File) {
                uncleanStop.markOpen();
            }
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, dialect, h2File ? new H2Compaction(pool) : null, new IdentitySweeper(pool),
                uncleanStop);
    }

    private static HikariConfig poolConfig(Settings settings, SqlDialect dialect) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(dialect instanceof H2Dialect ? closedByUs(settings.jdbcUrl()) : settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setAutoCommit(true);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setPoolName("gateway-db");
        config.setConnectionInitSql(dialect.durableCommitsSql());
        if (dialect instanceof PostgresDialect) {
            // one multi-row INSERT per JDBC batch of index rows instead of one statement per row
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return config;
    }

    /**
     * An H2 URL that leaves closing the database to {@link #close()}. By default H2 closes it from a JVM shutdown
     * hook of its own, which races the gateway's: on SIGTERM the inbox refused the last messages ("Database is
     * already closed") and the lane leases stayed held until they expired. A URL that sets the option keeps it, and
     * H2 refuses it together with {@code AUTO_SERVER=TRUE} (mixed mode, used by the crash test to look on).
     */
    static String closedByUs(String h2Url) {
        String upper = h2Url.toUpperCase(java.util.Locale.ROOT);
        if (upper.contains("DB_CLOSE_ON_EXIT=") || upper.contains("AUTO_SERVER=TRUE")) {
            return h2Url;
        }
        return h2Url + (h2Url.endsWith(";") ? "" : ";") + "DB_CLOSE_ON_EXIT=FALSE";
    }

    /** Opens a database by URL with default pool settings. */
    public static Database open(String jdbcUrl) {
        return open(Settings.of(jdbcUrl));
    }

    public DataSource dataSource() {
        return pool;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** A pooled connection in auto-commit mode; the caller closes it. */
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * Refreshes the optimizer statistics (plain {@code ANALYZE} on both databases). Worth calling after a bulk load:
     * without statistics H2 may probe a per-parameter index instead of the per-resource one.
     */
    public void analyze() {
        try (Connection c = connection(); java.sql.Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "ANALYZE failed", e);
        }
    }

    /** The H2 housekeeping of a file database, or null (PostgreSQL, in-memory H2). */
    H2Compaction compaction() {
        return compaction;
    }

    /** The sweeper of unheld conditional-identity rows. */
    IdentitySweeper identitySweeper() {
        return identitySweeper;
    }

    @Override
    public void close() {
        housekeeping.forEach(PeriodicTask::close);
        pool.close();   // the last connection closes an H2 database (DB_CLOSE_ON_EXIT=FALSE, see closedByUs)
        if (uncleanStop != null) {
            uncleanStop.markClosed();
        }
    }
}
