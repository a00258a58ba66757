package org.fhirgateway.server.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store-then-acknowledge needs a commit to be on disk when it returns. PostgreSQL does that by default
 * (synchronous_commit). H2 by default writes committed changes in the background (WRITE_DELAY, 500 ms): a process
 * killed right after an AA loses the message (CrashTest showed it). So on H2 the write delay is set to 0.
 */
final class InboxDurability {

    private static final Logger LOG = LoggerFactory.getLogger(InboxDurability.class);

    private InboxDurability() {
    }

    static void ensure(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            if (c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("h2")) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET WRITE_DELAY 0");
                }
            }
        } catch (SQLException e) {
            LOG.warn("could not make H2 commits synchronous; an AA may precede the disk write: {}", e.toString());
        }
    }
}
