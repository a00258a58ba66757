package org.fhirgateway.server.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.fhirgateway.server.store.Migrations;

/**
 * What {@code /health/ready} checks, in order: {@code database} (a connection answers within two seconds),
 * {@code migrations} (the newest applied Flyway version is the newest this gateway ships), then each listener
 * the application registers ({@code http}, {@code mllp}). Each check gives "ok" or a short reason with no data.
 */
final class ReadinessChecks {

    /** One check's result. */
    record Result(String name, boolean ok, String detail) {
    }

    private static final String APPLIED = "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
            + " ORDER BY installed_rank DESC LIMIT 1";

    private final DataSource dataSource;
    private final String newestKnown;
    private final Map<String, BooleanSupplier> listeners = new LinkedHashMap<>();

    ReadinessChecks(DataSource dataSource) {
        this.dataSource = dataSource;
        this.newestKnown = Migrations.newestKnown(dataSource);
    }

    /** A listener that must be up, e.g. {@code mllp}. */
    void listener(String name, BooleanSupplier up) {
        listeners.put(name, up);
    }

    List<Result> run() {
        List<Result> results = new ArrayList<>();
        String applied = null;
        String databaseProblem = null;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(APPLIED)) {
            ps.setQueryTimeout(2);
            try (ResultSet rs = ps.executeQuery()) {
                applied = rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            databaseProblem = "unreachable (SQL state " + e.getSQLState() + ")";
        }
        results.add(new Result("database", databaseProblem == null, databaseProblem == null ? "ok" : databaseProblem));
        if (databaseProblem != null) {
            results.add(new Result("migrations", false, "unknown: database unreachable"));
        } else if (applied == null || Migrations.compare(applied, newestKnown) < 0) {
            results.add(new Result("migrations", false, "schema at " + applied + ", gateway needs " + newestKnown));
        } else {
            results.add(new Result("migrations", true, "ok (version " + applied + ")"));
        }
        listeners.forEach((name, up) -> {
            boolean ok = up.getAsBoolean();
            results.add(new Result(name, ok, ok ? "ok" : "not listening"));
        });
        return results;
    }
}
