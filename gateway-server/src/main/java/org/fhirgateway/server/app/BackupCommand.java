package org.fhirgateway.server.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fhirgateway.server.store.backup.BackupManifest;
import org.fhirgateway.server.store.backup.LogicalBackup;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code backup --to FILE (--data-dir DIR | --db-url JDBC)}: a consistent logical backup of the gateway's database
 * into one file, while the gateway runs or not. See {@code docs/backup.md}.
 */
@Command(name = "backup", mixinStandardHelpOptions = true, description = {
        "Write a consistent backup of the gateway's database (one snapshot) to FILE, while the gateway runs or not.",
        "With --data-dir: the embedded PostgreSQL of that folder (a running gateway's, or started for the backup).",
        "Exit status: 0 written, 1 failed (one line on stderr), 2 usage error."})
final class BackupCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    private DatabaseOptions database;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The backup file to write (0600; replaced if present).")
    private Path to;

    @Override
    public Integer call() {
        return CommandFailures.run("backup", () -> {
            try (DatabaseTarget source = database.toRead()) {
                BackupManifest manifest = LogicalBackup.write(source.dataSource(), to, GatewayVersion.number());
                long rows = manifest.tables().stream().mapToLong(BackupManifest.TableEntry::rows).sum();
                System.out.println("backup: wrote " + to + " (schema version " + manifest.schemaVersion() + ", "
                        + manifest.tables().size() + " tables, " + rows + " rows, PostgreSQL "
                        + manifest.postgresVersion() + ")");
            }
        });
    }
}
