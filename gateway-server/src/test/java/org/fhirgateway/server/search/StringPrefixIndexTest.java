package org.fhirgateway.server.search;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A string search's prefix is an index range on any PostgreSQL, whatever the database's default collation (run
 * with GATEWAY_TEST_PG_URL against a server whose database is en_US.UTF-8 or C.UTF-8 to see the difference V50 makes).
 */
class StringPrefixIndexTest {

    static final TestDatabases.PerClass DBS = new TestDatabases.PerClass();

    @AfterAll
    static void close() {
        DBS.close();
    }

    @Test
    void thePrefixOfAStringSearchIsAnIndexCondition() throws Exception {
        Database db = DBS.get();
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO idx_string (res_pk, param_hash, val_norm, val_exact) SELECT i, i % 7, md5(i::text),"
                    + " md5(i::text) FROM generate_series(1, 20000) i");
            s.execute("ANALYZE idx_string");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery("EXPLAIN SELECT res_pk FROM idx_string WHERE param_hash = 3"
                    + " AND val_norm LIKE 'abc%'")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertTrue(plan.toString().matches("(?s).*Index Cond: .*val_norm.*"), plan.toString());
        }
    }
}
