package org.fhirgateway.server.store.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.sql.DataSource;
import org.fhirgateway.server.store.Migrations;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Restores a {@link LogicalBackup} into an empty database (its current schema): runs this gateway's migrations up
 * to the backup's schema version, then loads every table with {@code COPY ... FROM STDIN (FORMAT binary)} in one
 * transaction, referenced tables first (so foreign keys hold throughout and no superuser rights are needed), sets
 * every identity and serial sequence past the restored rows and refreshes the optimizer statistics. A failed
 * restore leaves the data rolled back: the target stays empty and the restore can simply be run again.
 */
public final class LogicalRestore {

    private LogicalRestore() {
    }

    /** Restores {@code file} into the database behind {@code target}; returns the backup's manifest. */
    public static BackupManifest restore(Path file, DataSource target) {
        if (!Files.isRegularFile(file)) {
            throw new BackupException("no such backup file: " + file);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            BackupManifest manifest = manifest(zip, file);
            String newest = Migrations.newestKnown(target);
            if (Migrations.compare(manifest.schemaVersion(), newest) > 0) {
                throw new BackupException("the backup is of schema version " + manifest.schemaVersion()
                        + ", newer than this gateway's (" + newest + "): restore it with the gateway version that wrote it ("
                        + manifest.gatewayVersion() + ") or a newer one");
            }
            try (Connection c = target.getConnection()) {
                refuseNonEmpty(c);
                String applied = SchemaCatalog.schemaVersion(c);
                if (applied == null || Migrations.compare(applied, manifest.schemaVersion()) < 0) {
                    Migrations.migrateTo(target, manifest.schemaVersion());
                }
                load(c, zip, manifest);
                try (Statement s = c.createStatement()) {
                    s.execute("ANALYZE");
                }
            }
            return manifest;
        } catch (ZipException e) {
            throw new BackupException(file + " is not a gateway backup (not a zip file)", e);
        } catch (IOException e) {
            throw new BackupException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw BackupException.of("the target database failed during the restore", e);
        }
    }

    private static BackupManifest manifest(ZipFile zip, Path file) throws IOException {
        ZipEntry entry = zip.getEntry(BackupManifest.ENTRY);
        if (entry == null) {
            throw new BackupException(file + " is not a gateway backup (no " + BackupManifest.ENTRY + ")");
        }
        BackupManifest manifest;
        try (InputStream in = zip.getInputStream(entry)) {
            manifest = BackupManifest.readFrom(in);
        }
        if (manifest.formatVersion() != BackupManifest.FORMAT_VERSION) {
            throw new BackupException(file + " has backup format " + manifest.formatVersion() + "; this gateway reads "
                    + "format " + BackupManifest.FORMAT_VERSION);
        }
        return manifest;
    }

    private static void refuseNonEmpty(Connection c) throws SQLException {
        List<String> nonEmpty = SchemaCatalog.nonEmptyTables(c);
        if (!nonEmpty.isEmpty()) {
            throw new BackupException("the target database is not empty (table " + nonEmpty.get(0) + " has rows"
                    + (nonEmpty.size() > 1 ? ", and " + (nonEmpty.size() - 1) + " more tables" : "")
                    + "): restore only into a new data directory, database or schema");
        }
    }

    private static void load(Connection c, ZipFile zip, BackupManifest manifest) throws SQLException, IOException {
        c.setAutoCommit(false);
        try {
            refuseNonEmpty(c);   // again, inside the transaction that loads
            Map<String, SchemaCatalog.Table> tables = SchemaCatalog.tables(c).stream()
                    .collect(Collectors.toMap(SchemaCatalog.Table::name, Function.identity()));
            Map<String, BackupManifest.TableEntry> backedUp = manifest.tables().stream()
                    .collect(Collectors.toMap(BackupManifest.TableEntry::name, Function.identity()));
            for (BackupManifest.TableEntry entry : manifest.tables()) {
                requireMatchingTable(entry, tables.get(entry.name()));
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (SchemaCatalog.Table table : SchemaCatalog.tables(c)) {   // the target's foreign-key order
                BackupManifest.TableEntry entry = backedUp.get(table.name());
                if (entry != null) {
                    copyIn(copy, zip, entry);
                }
            }
            SchemaCatalog.resetSequences(c);
            c.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void requireMatchingTable(BackupManifest.TableEntry entry, SchemaCatalog.Table table) {
        if (table == null) {
            throw new BackupException("table " + entry.name() + " of the backup is not in the target's schema");
        }
        Map<String, String> types = table.columns().stream()
                .collect(Collectors.toMap(SchemaCatalog.Column::name, SchemaCatalog.Column::type));
        for (BackupManifest.ColumnEntry column : entry.columns()) {
            if (!column.type().equals(types.get(column.name()))) {
                throw new BackupException("column " + entry.name() + "." + column.name() + " is " + column.type()
                        + " in the backup but " + (types.containsKey(column.name()) ? types.get(column.name()) : "missing")
                        + " in the target");
            }
        }
    }

    private static void copyIn(CopyManager copy, ZipFile zip, BackupManifest.TableEntry entry)
            throws SQLException, IOException {
        ZipEntry data = zip.getEntry(entry.entry());
        if (data == null) {
            throw new BackupException("the backup lacks the data of table " + entry.name() + " (" + entry.entry() + ")");
        }
        String columns = String.join(", ", entry.columns().stream().map(col -> SchemaCatalog.quote(col.name())).toList());
        long rows;
        try (InputStream in = zip.getInputStream(data)) {
            rows = copy.copyIn("COPY " + SchemaCatalog.quote(entry.name()) + " (" + columns
                    + ") FROM STDIN (FORMAT binary)", in, 1 << 16);
        }
        if (rows != entry.rows()) {
            throw new BackupException("table " + entry.name() + ": " + rows + " rows restored, the manifest says "
                    + entry.rows());
        }
    }
}
