package org.fhirgateway.server.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file database under many small durable commits, as the store and the inbox make them: with the housekeeping of
 * {@link H2Compaction} the file stays a fraction of what the same commits leave behind without it.
 */
class H2CompactionTest {

    private static final int COMMITS = 1500;
    private static final int ROWS_PER_COMMIT = 40;

    @TempDir
    Path dir;

    @Test
    void compactionKeepsTheFileNearItsLiveData() throws Exception {
        Path compacted = dir.resolve("compacted");
        try (Database db = Database.open(Database.h2FileUrl(compacted.toString()))) {
            assertTrue(db.compaction() != null, "a file database is compacted");
            try (Connection c = db.connection()) {
                writeCommits(c, true, db.compaction());
            }
            assertTrue(db.compaction().chunksFillRate() > 0);
        }
        Path plain = dir.resolve("plain");
        try (Connection c = DriverManager.getConnection(Database.h2FileUrl(plain.toString()))) {
            try (Statement s = c.createStatement()) {
                s.execute("SET WRITE_DELAY 0");
            }
            writeCommits(c, false, null);
            long open = Files.size(Path.of(plain + ".mv.db"));
            long withCompaction = Files.size(Path.of(compacted + ".mv.db"));
            assertTrue(withCompaction * 3 < open, "compacted " + withCompaction + " bytes, without " + open);
        }
    }

    @Test
    void anInMemoryDatabaseHasNothingToCompact() {
        try (Database db = Database.open(Database.h2MemoryUrl("h2-compaction-test"))) {
            assertTrue(db.compaction() == null);
        }
    }

    /** Commits of rows with random index keys: each dirties leaves all over the index, as search index rows do. */
    private static void writeCommits(Connection c, boolean passEvery100, H2Compaction compaction)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE churn (k BIGINT, v BIGINT)");
            s.execute("CREATE INDEX churn_v ON churn (v)");
        }
        Random random = new Random(7);
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO churn (k, v) VALUES (?, ?)")) {
            for (int i = 0; i < COMMITS; i++) {
                for (int r = 0; r < ROWS_PER_COMMIT; r++) {
                    ps.setLong(1, i);
                    ps.setLong(2, random.nextLong());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
                if (passEvery100 && i % 100 == 99) {
                    compaction.compactOnce();
                }
            }
        }
        c.setAutoCommit(true);
    }
}
