package org.fhirgateway.server.store.backup;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * A consistent logical backup of the gateway's database, taken while the gateway runs: one REPEATABLE READ, READ
 * ONLY transaction (one snapshot) streams every table of the current schema with {@code COPY ... TO STDOUT (FORMAT
 * binary)} into one zip file, {@code tables/<table>.copy} each, with a {@link BackupManifest} as its last entry.
 * Writers are never blocked; no table is held in memory. The file is written as a 0600 temporary file beside the
 * target and renamed into place, so a failed backup never leaves a partial file under the target's name.
 */
public final class LogicalBackup {

    private LogicalBackup() {
    }

    /** Writes the backup of the database behind {@code source} (its current schema) to {@code file}. */
    public static BackupManifest write(DataSource source, Path file, String gatewayVersion) {
        Path target = file.toAbsolutePath().normalize();
        Path folder = target.getParent();
        if (!Files.isDirectory(folder)) {
            throw new BackupException("no such folder: " + folder);
        }
        Path temporary;
        try {
            temporary = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new BackupException("cannot create a file in " + folder + ": " + e.getMessage(), e);
        }
        try {
            BackupManifest manifest = writeSnapshot(source, temporary, gatewayVersion);
            force(temporary);
            moveIntoPlace(temporary, target);
            return manifest;
        } catch (IOException e) {
            throw new BackupException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the first error is the one reported
            }
        }
    }

    private static BackupManifest writeSnapshot(DataSource source, Path temporary, String gatewayVersion)
            throws IOException {
        try (Connection c = source.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                requireSnapshotTransaction(c);
                String createdAt = Instant.now().toString();
                String schemaVersion = SchemaCatalog.schemaVersion(c);
                if (schemaVersion == null) {
                    throw new BackupException("the database has no Flyway history in its current schema: "
                            + "not a gateway database (check --db-url and its currentSchema)");
                }
                String serverVersion = setting(c, "server_version");
                List<BackupManifest.TableEntry> entries = new ArrayList<>();
                try (OutputStream file = Files.newOutputStream(temporary, StandardOpenOption.TRUNCATE_EXISTING);
                        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(file, 1 << 16))) {
                    zip.setLevel(1);   // fast: resource versions are gzip already
                    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                    for (SchemaCatalog.Table table : SchemaCatalog.tables(c)) {
                        entries.add(copyOut(copy, table, zip));
                    }
                    zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
                    BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT_VERSION, gatewayVersion,
                            schemaVersion, serverVersion, createdAt, entries);
                    manifest.writeTo(zip);
                    zip.closeEntry();
                    return manifest;
                }
            } finally {
                c.rollback();   // read only: nothing to commit
            }
        } catch (SQLException e) {
            throw BackupException.of("the database failed during the backup", e);
        }
    }

    private static BackupManifest.TableEntry copyOut(CopyManager copy, SchemaCatalog.Table table, ZipOutputStream zip)
            throws SQLException, IOException {
        String entry = "tables/" + table.name() + ".copy";
        zip.putNextEntry(new ZipEntry(entry));
        long rows = copy.copyOut("COPY " + SchemaCatalog.quote(table.name()) + " (" + table.columnList()
                + ") TO STDOUT (FORMAT binary)", new NotClosing(zip));
        zip.closeEntry();
        return new BackupManifest.TableEntry(table.name(), entry, rows,
                table.columns().stream().map(col -> new BackupManifest.ColumnEntry(col.name(), col.type())).toList());
    }

    /** pgjdbc's read-only and isolation settings apply at BEGIN; checked rather than trusted. */
    private static void requireSnapshotTransaction(Connection c) throws SQLException {
        String isolation = setting(c, "transaction_isolation");
        String readOnly = setting(c, "transaction_read_only");
        if (!"repeatable read".equals(isolation) || !"on".equals(readOnly)) {
            throw new BackupException("the backup transaction is not REPEATABLE READ READ ONLY (" + isolation + ", "
                    + "read only " + readOnly + ")");
        }
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('" + name + "')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void moveIntoPlace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename atomically", e);
        }
        try (FileChannel folder = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException ignored) {
            // not every file system lets a folder be synced; the file itself is on disk
        }
    }

    /** The zip entry stays open after a COPY: the zip closes entries itself. */
    private static final class NotClosing extends FilterOutputStream {
        NotClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
