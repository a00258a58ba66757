package org.fhirgateway.server.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.testing.TestDatabases;

/** Fresh migrated databases (the store's TestDatabases: H2 in memory, PostgreSQL schema) plus the test tables. */
final class IngestDatabases {

    private IngestDatabases() {
    }

    static Database fresh(TestDatabases.Kind kind) throws SQLException {
        return withTestTables(TestDatabases.open(kind));
    }

    static Database withTestTables(Database db) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute(RecordingApplier.DDL);
            s.execute(RecordingApplier.POISON_DDL);
        }
        return db;
    }
}
