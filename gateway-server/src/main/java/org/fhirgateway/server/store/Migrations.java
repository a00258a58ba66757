package org.fhirgateway.server.store;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The gateway's schema migrations ({@code classpath:db/migration}, run by Flyway): all of them when a database
 * opens, or up to one version when a backup of that version is restored.
 */
public final class Migrations {

    /**
     * Values of the placeholders the early migrations were written with when they also ran on H2. The files stay
     * as they are, so Flyway's checksums on databases migrated before H2 was dropped still match.
     */
    private static final Map<String, String> PLACEHOLDERS = Map.of("binary_type", "BYTEA", "identity_cache", "1");

    private Migrations() {
    }

    /** Migrates the database (its current schema) to the newest version this gateway knows. */
    public static void migrate(DataSource dataSource) {
        configure(dataSource).load().migrate();
    }

    /** Migrates the database up to and including {@code version}, no further. */
    public static void migrateTo(DataSource dataSource, String version) {
        configure(dataSource).target(MigrationVersion.fromVersion(version)).load().migrate();
    }

    /** The newest schema version among this gateway's migrations. */
    public static String newestKnown(DataSource dataSource) {
        return Arrays.stream(configure(dataSource).load().info().all())
                .map(MigrationInfo::getVersion)
                .filter(Objects::nonNull)
                .max(MigrationVersion::compareTo)
                .map(MigrationVersion::getVersion)
                .orElseThrow(() -> new IllegalStateException("no migrations on the classpath (db/migration)"));
    }

    /** Compares two schema versions as Flyway does ("40" is newer than "5"). */
    public static int compare(String a, String b) {
        return MigrationVersion.fromVersion(a).compareTo(MigrationVersion.fromVersion(b));
    }

    /** The newest successfully applied version, if the database has Flyway's history table in its schema. */
    public static Optional<String> applied(DataSource dataSource) {
        MigrationInfo current = configure(dataSource).load().info().current();
        return current == null || current.getVersion() == null ? Optional.empty()
                : Optional.of(current.getVersion().getVersion());
    }

    private static FluentConfiguration configure(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(PLACEHOLDERS);
    }
}
