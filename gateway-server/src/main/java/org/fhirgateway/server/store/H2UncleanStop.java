package org.fhirgateway.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.store.fs.disk.FilePathDisk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds an H2 file database that was not closed cleanly, before anything uses it. After a killed process H2
 * recovers its file, but in CrashTest it sometimes came back with secondary indexes that missed committed rows, or
 * with an index entry still locked by a transaction of the dead process: a resent message then waited on that lock
 * until it timed out (no transaction of the new process ever releases it). Reading the committed data out
 * ({@code SCRIPT}) and into a new file ({@code RUNSCRIPT}) leaves neither behind: a reader never waits for an
 * uncommitted entry, and the new file's indexes are built from the rows. Identity columns keep their next values.
 *
 * <p>A marker file beside the database ({@code <name>.open}) says it is in use: written once the database is
 * open and migrated, deleted by a clean close. Found at start, the last stop was not clean. The old file is kept as
 * {@code <name>.unclean.mv.db} (the latest one only) until an operator removes it. The rebuild reads and writes the
 * whole database, so it takes as long as a backup and restore: one more reason H2 is for development and small
 * sites.
 */
final class H2UncleanStop {

    private static final Logger LOG = LoggerFactory.getLogger(H2UncleanStop.class);
    /** The H2 files open in this JVM and how many Database instances use each: one in use is never rebuilt. */
    private static final Map<Path, Integer> IN_USE = new ConcurrentHashMap<>();

    private final String user;
    private final String password;
    private final Path base;
    /** The URL's settings after the path ({@code ;MODE=...}), or empty. */
    private final String options;

    private H2UncleanStop(String user, String password, Path base, String options) {
        this.user = user;
        this.password = password;
        this.base = base;
        this.options = options;
    }

    /** The guard of an H2 file database URL ({@code jdbc:h2:file:PATH;...} or {@code jdbc:h2:PATH}), else null. */
    static H2UncleanStop forUrl(String jdbcUrl, String user, String password) {
        String rest = jdbcUrl.substring("jdbc:h2:".length());
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mem:") || lower.startsWith("tcp:") || lower.startsWith("ssl:") || lower.startsWith("zip:")) {
            return null;
        }
        if (lower.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        int options = rest.indexOf(';');
        String path = options < 0 ? rest : rest.substring(0, options);
        // "~" as H2 itself expands it
        return new H2UncleanStop(user, password, Path.of(FilePathDisk.expandUserHomeDirectory(path)).toAbsolutePath(),
                options < 0 ? "" : rest.substring(options));
    }

    private Path databaseFile() {
        return sibling(".mv.db");
    }

    private Path marker() {
        return sibling(".open");
    }

    private Path uncleanCopy() {
        return sibling(".unclean.mv.db");
    }

    private Path sibling(String suffix) {
        return base.resolveSibling(base.getFileName() + suffix);
    }

    /**
     * Rebuilds the database when it was in use and not closed cleanly. Call before opening the pool. The
     * database file is not touched until a complete new one exists beside it ({@code <name>.rebuilt.mv.db}); then two
     * renames swap them, and a start that finds the new file without the old one (a stop between the renames)
     * finishes the swap. A new file found beside the old one is from a rebuild that did not finish: made again.
     */
    void rebuildIfUnclean() {
        Path database = databaseFile();
        Path rebuilt = sibling(".rebuilt.mv.db");
        try {
            if (!Files.exists(database) && Files.exists(rebuilt)) {
                Files.move(rebuilt, database);
            }
            if (IN_USE.containsKey(base) || !Files.exists(marker()) || !Files.exists(database)) {
                return;
            }
            long started = System.nanoTime();
            LOG.warn("H2 database {} was not closed cleanly: rebuilding it from its committed data; the old file is"
                    + " kept as {}", database, uncleanCopy());
            Files.deleteIfExists(rebuilt);
            Path script = sibling(".rebuild.sql.gz");
            run(url(base), "SCRIPT TO '" + sqlPath(script) + "' COMPRESSION GZIP");
            run(url(base.resolveSibling(base.getFileName() + ".rebuilt")),
                    "RUNSCRIPT FROM '" + sqlPath(script) + "' COMPRESSION GZIP");
            Files.delete(script);
            Files.move(database, uncleanCopy(), StandardCopyOption.REPLACE_EXISTING);
            Files.move(rebuilt, database);
            LOG.warn("H2 database {} rebuilt in {} ms", database, (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException | IOException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "could not rebuild the H2 database " + database
                    + " after an unclean stop", e);
        }
    }

    /** Runs one statement on its own connection, then closes the database. */
    private void run(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
            s.execute("SHUTDOWN");
        }
    }

    private String url(Path path) {
        return "jdbc:h2:file:" + path + options;
    }

    /** Marks the database as in use; a clean close removes the mark. */
    void markOpen() {
        if (IN_USE.merge(base, 1, Integer::sum) > 1) {
            return;
        }
        try {
            Files.writeString(marker(), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "cannot write " + marker(), e);
        }
    }

    /** After the database closed cleanly. */
    void markClosed() {
        if (IN_USE.merge(base, -1, (a, b) -> a + b == 0 ? null : a + b) != null) {
            return;   // another Database instance of this JVM still uses the file
        }
        try {
            Files.deleteIfExists(marker());
        } catch (IOException e) {
            LOG.warn("cannot delete {}: the next start rebuilds the database", marker());
        }
    }

    private static String sqlPath(Path path) {
        return path.toString().replace("'", "''");
    }
}
