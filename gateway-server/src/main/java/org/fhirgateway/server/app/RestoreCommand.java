package org.fhirgateway.server.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fhirgateway.server.store.backup.BackupManifest;
import org.fhirgateway.server.store.backup.LogicalRestore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code restore --from FILE (--data-dir DIR | --db-url JDBC)}: loads a backup into an empty database, the embedded
 * one of a new data directory or an external PostgreSQL. See {@code docs/backup.md}.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, description = {
        "Restore a backup written by 'backup' into an EMPTY database: a new --data-dir (embedded PostgreSQL) or an",
        "external PostgreSQL (--db-url). A database that holds rows is refused. The gateway must not be running on it.",
        "Exit status: 0 restored, 1 failed (one line on stderr), 2 usage error."})
final class RestoreCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    private DatabaseOptions database;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The backup file to restore.")
    private Path from;

    @Override
    public Integer call() {
        return CommandFailures.run("restore", () -> {
            try (DatabaseTarget target = database.toFill()) {
                BackupManifest manifest = LogicalRestore.restore(from, target.dataSource());
                long rows = manifest.tables().stream().mapToLong(BackupManifest.TableEntry::rows).sum();
                System.out.println("restore: restored " + from + " into " + target.describe() + " (schema version "
                        + manifest.schemaVersion() + ", " + manifest.tables().size() + " tables, " + rows + " rows)");
            }
        });
    }
}
