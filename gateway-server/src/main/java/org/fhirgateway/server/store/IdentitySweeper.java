package org.fhirgateway.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the {@code conditional_identity} rows no transaction holds. A conditional write that finds no match
 * claims (inserts or locks) the row of its criteria and searches again, so a concurrent writer with the same criteria
 * waits and then finds the first one's resource (V3 migration). Once that transaction has ended the row has done its
 * job: the resource exists and later writers find it before they claim anything. Left alone, the table grew by a row
 * per created resource, some ten rows per mapped ADT message.
 *
 * <p>Rows are locked {@code FOR UPDATE SKIP LOCKED} before they are deleted, so a row some writer holds is left to
 * it, and the sweep never waits for one. A writer that claims a row while the sweep deletes it waits for the sweep,
 * then inserts the row again: the claim is one statement ({@code INSERT ... ON CONFLICT DO UPDATE} in {@link ResourceDao#claimIdentity}) for that reason.
 */
final class IdentitySweeper {

    private static final Logger LOG = LoggerFactory.getLogger(IdentitySweeper.class);
    static final int BATCH = 1000;
    private static final long PERIOD_SECONDS = 60;

    private final DataSource dataSource;
    IdentitySweeper(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Starts sweeping once a minute; closing the task stops it. */
    PeriodicTask schedule() {
        return PeriodicTask.start("identity-sweeper", this::sweepLogged, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    private void sweepLogged() {
        try {
            sweep();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("conditional identity sweep failed, tried again in a minute: {}", e.toString());
        }
    }

    /** Deletes every row no transaction holds, a batch per transaction; the number deleted. */
    int sweep() throws SQLException {
        int deleted = 0;
        int batch;
        do {
            batch = sweepBatch();
            deleted += batch;
        } while (batch == BATCH);
        return deleted;
    }

    private int sweepBatch() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<String[]> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT res_type, criteria_key FROM conditional_identity"
                        + " FETCH FIRST " + BATCH + " ROWS ONLY FOR UPDATE SKIP LOCKED");
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
                if (!rows.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "DELETE FROM conditional_identity WHERE res_type = ? AND criteria_key = ?")) {
                        for (String[] row : rows) {
                            ps.setString(1, row[0]);
                            ps.setString(2, row[1]);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                c.commit();
                return rows.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
