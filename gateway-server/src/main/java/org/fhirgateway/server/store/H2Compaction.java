package org.fhirgateway.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an H2 file database from growing without bound. Every commit is written out before it returns
 * ({@code WRITE_DELAY 0}, see {@link SqlDialect#durableCommitsSql()}), and that setting also stops H2's background
 * writer, which is what moves the live pages out of mostly dead chunks so that their space can be used again.
 * Without it the file grew by 0.7 to 1.4 MB per stored transaction bundle (29 GB after 21,000 bundles) and only
 * shrank at shutdown. This does that housekeeping on a daemon thread instead: four times a second it forces the
 * file to disk and, when the chunks are on average less than {@value #TARGET_FILL_RATE}% live, moves up to
 * {@value #WRITE_LIMIT} bytes of live pages out of the emptiest chunks (H2's own {@code MVStore.compact}). Commits
 * wait while it holds H2's store lock, hence the small amount per pass.
 *
 * <p>H2 never forces a commit to disk itself (a killed process loses nothing, a power cut may lose the last
 * commits); the forced write here bounds that window to a quarter of a second. Production runs on PostgreSQL.
 */
final class H2Compaction {

    private static final Logger LOG = LoggerFactory.getLogger(H2Compaction.class);

    static final int TARGET_FILL_RATE = 50;
    static final int WRITE_LIMIT = 2 << 20;
    private static final long PERIOD_MILLIS = 250;
    /** Emptied chunks are reused after this long; each pass forces the file to disk first, so they are there. */
    private static final int RETENTION_MILLIS = 2000;

    private final DataSource dataSource;
    H2Compaction(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Starts compacting the H2 file database, four times a second; closing the task stops it. */
    PeriodicTask schedule() {
        return PeriodicTask.start("h2-compaction", this::compactOnce, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** One pass; true when it compacted. Failures are logged: the next pass tries again. */
    boolean compactOnce() {
        try (Connection c = dataSource.getConnection()) {
            MVStore store = mvStore(c);
            if (store == null || store.isClosed()) {
                return false;
            }
            store.sync();
            if (store.getRetentionTime() > RETENTION_MILLIS) {
                store.setRetentionTime(RETENTION_MILLIS);
            }
            int before = store.getFileStore().getChunksFillRate();
            if (before < TARGET_FILL_RATE) {
                // waits its turn for the store lock like a commit does (H2's own compact() gives up after 10 ms,
                // which under a steady stream of commits is nearly always)
                store.executeFilestoreOperation(() -> store.compact(TARGET_FILL_RATE, WRITE_LIMIT));
            }
            return before < TARGET_FILL_RATE;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("H2 compaction pass failed: {}", e.toString());
            return false;
        }
    }

    /** The chunks' live share in percent (100 for a new or fully compacted file). */
    int chunksFillRate() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            MVStore store = mvStore(c);
            return store == null ? 100 : store.getFileStore().getChunksFillRate();
        }
    }

    /** H2's own store behind a pooled connection (public H2 API, not JDBC), or null for an in-memory database. */
    private static MVStore mvStore(Connection c) throws SQLException {
        JdbcConnection h2 = c.unwrap(JdbcConnection.class);
        if (!(h2.getSession() instanceof SessionLocal session) || session.getDatabase().getStore() == null) {
            return null;
        }
        MVStore store = session.getDatabase().getStore().getMvStore();
        return store.getFileStore() == null ? null : store;
    }
}
