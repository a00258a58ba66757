package org.fhirgateway.server.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Used assertion ids in the shared database: the primary key (client, jti) makes a replay fail on every node at
 * once. Rows past their expiry (plus skew) are deleted as new ones arrive. The table has its own Flyway history
 * ({@code auth_schema_history}, scripts in {@code db/auth}) so it never interferes with the store's migrations.
 */
final class DatabaseJtiStore implements JtiStore {

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration skew;

    DatabaseJtiStore(DataSource dataSource, Clock clock, Duration skew) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.skew = skew;
    }

    /** Creates or upgrades the table. */
    static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/auth").table("auth_schema_history")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }

    @Override
    public boolean firstUse(String clientName, String jti, Instant expires) {
        try (Connection connection = dataSource.getConnection()) {
            deleteExpired(connection);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO auth_used_assertion (client_name, jti, expires_at) VALUES (?, ?, ?)")) {
                insert.setString(1, clientName);
                insert.setString(2, jti);
                insert.setTimestamp(3, Timestamp.from(expires));
                insert.executeUpdate();
                return true;
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("cannot record a used assertion (SQL state " + e.getSQLState() + ")", e);
        }
    }

    private void deleteExpired(Connection connection) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM auth_used_assertion WHERE expires_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(clock.instant().minus(skew)));
            delete.executeUpdate();
        }
    }
}
