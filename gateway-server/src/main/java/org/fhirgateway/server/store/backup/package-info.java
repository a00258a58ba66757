/**
 * Logical backup and restore of the gateway's database, for the embedded server and external PostgreSQL alike:
 * {@link org.fhirgateway.server.store.backup.LogicalBackup} (one snapshot, binary COPY of every table of the current
 * schema into one zip), {@link org.fhirgateway.server.store.backup.LogicalRestore} (into an empty database, migrated
 * to the backup's schema version) and the file's {@link org.fhirgateway.server.store.backup.BackupManifest}.
 * Operators' guide: {@code docs/backup.md}.
 */
package org.fhirgateway.server.store.backup;
