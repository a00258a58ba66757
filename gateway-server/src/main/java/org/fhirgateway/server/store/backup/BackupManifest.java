package org.fhirgateway.server.store.backup;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * {@code manifest.json} of a backup file: what made it, of which schema, and for each table its entry in the file,
 * its columns in the order of the COPY data and its row count.
 *
 * @param formatVersion the layout of the backup file ({@link #FORMAT_VERSION})
 * @param gatewayVersion the version of the gateway that wrote it
 * @param schemaVersion the newest Flyway migration applied to the database backed up
 * @param postgresVersion the {@code server_version} of the PostgreSQL backed up
 * @param createdAt when the snapshot was taken (ISO-8601, UTC)
 * @param tables the tables, referenced ones first
 */
public record BackupManifest(int formatVersion, String gatewayVersion, String schemaVersion, String postgresVersion,
        String createdAt, List<TableEntry> tables) {

    public static final int FORMAT_VERSION = 1;
    /** The name of the manifest's entry in the backup file. */
    public static final String ENTRY = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public BackupManifest {
        tables = List.copyOf(tables);
    }

    /** One table: its entry holds {@code COPY ... (FORMAT binary)} data of these columns, in this order. */
    public record TableEntry(String name, String entry, long rows, List<ColumnEntry> columns) {
        public TableEntry {
            columns = List.copyOf(columns);
        }
    }

    public record ColumnEntry(String name, String type) {
    }

    /** Rows of one table, or -1 if the backup has no such table. */
    public long rows(String table) {
        return tables.stream().filter(t -> t.name().equals(table)).mapToLong(TableEntry::rows).findFirst().orElse(-1);
    }

    void writeTo(OutputStream out) throws IOException {
        JSON.writeValue(out, this);
    }

    static BackupManifest readFrom(InputStream in) throws IOException {
        BackupManifest manifest = JSON.readValue(in, BackupManifest.class);
        if (manifest.tables() == null || manifest.schemaVersion() == null) {
            throw new IOException("manifest.json lacks its tables or schema version");
        }
        return manifest;
    }
}
