package org.fhirgateway.server.ingest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.testing.TestDatabases;

/** Fresh migrated databases (the store's TestDatabases: a fresh PostgreSQL schema) plus the test tables. */
final class IngestDatabases {

    private IngestDatabases() {
    }

    static Database fresh() throws SQLException {
        return withTestTables(TestDatabases.open());
    }

    static Database withTestTables(Database db) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute(RecordingApplier.DDL);
            s.execute(RecordingApplier.POISON_DDL);
        }
        return db;
    }

    /** Waits until no inbox row is still waiting to be applied; fails after 20 s. */
    static void awaitNoneReceived(DataSource ds) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM inbox WHERE status = 'received'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("messages still waiting after 20 s");
    }
}
