package org.fhirgateway.server.store.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.ingest.AckMode;
import org.fhirgateway.server.ingest.Inbox;
import org.fhirgateway.server.ingest.V2HeaderReader;
import org.fhirgateway.server.search.SearchRequest;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.Migrations;
import org.fhirgateway.server.store.WriteOutcome;
import org.fhirgateway.server.store.postgres.EmbeddedPostgres;
import org.fhirgateway.server.store.postgres.Platform;
import org.fhirgateway.server.store.postgres.ServerSettings;
import org.fhirgateway.server.testing.TestDatabases;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database filled through the store and the inbox, backed up and restored into (a) the embedded PostgreSQL of a
 * new data directory and (b) a new schema of the test server: the same rows in every table, the same FHIR reads and
 * searches, and new writes get numbers past the restored rows (sequences reset). Also the refusals: a non-empty
 * target, a backup newer than this gateway, a file that is no backup.
 */
class BackupRoundTripTest {

    static final AccessContext SYSTEM = AccessContext.system();
    static final FhirContext FHIR = FhirContext.forR4Cached();

    @TempDir
    static Path dir;

    static Database source;
    static Path backup;
    static BackupManifest manifest;
    static String patientId;

    @BeforeAll
    static void fillAndBackUp() throws Exception {
        source = TestDatabases.open();
        StorageEngine engine = StorageEngine.open(source, FHIR);
        for (int i = 0; i < 25; i++) {
            Patient p = new Patient();
            p.addIdentifier().setSystem("urn:mrn").setValue("MRN" + i);
            p.addName().setFamily(i == 7 ? "Backupfamily" : "Family" + i).addGiven("Given" + i);
            String id = engine.store().create(SYSTEM, p).id();
            if (i == 7) {
                patientId = id;
            }
            Encounter e = new Encounter();
            e.setStatus(Encounter.EncounterStatus.FINISHED);
            e.setSubject(new Reference("Patient/" + id));
            engine.store().create(SYSTEM, e);
        }
        Patient changed = (Patient) engine.store().read(SYSTEM, "Patient", patientId).resource();
        changed.addName().setFamily("Secondname");
        engine.store().update(SYSTEM, changed);
        String message = "MSH|^~\\&|EHR|HOSP|GW|GWF|20240101120000||ADT^A01^ADT_A01|BK1|P|2.5.1\r"
                + "EVN|A01|20240101120000\rPID|1||MRN7^^^MRN^MR||DOE^JOHN||19700101|M\rPV1|1|I\r";
        new Inbox(source.dataSource()).store(new Inbox.Incoming(V2HeaderReader.read(message),
                message.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, AckMode.ORIGINAL, null),
                OffsetDateTime.now());
        // the store's background re-labelling writes its state row: let it finish, so the source holds still
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!engine.store().labelsCurrent()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the re-labelling did not finish");
            }
            Thread.sleep(20);
        }
        backup = dir.resolve("gateway.zip");
        manifest = LogicalBackup.write(source.dataSource(), backup, "test");
    }

    @AfterAll
    static void close() {
        TestDatabases.closeAndDrop(source);
    }

    @Test
    void theBackupIsOnePrivateFileWithAManifestOfEveryTable() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));
        assertEquals(Migrations.applied(source.dataSource()).orElseThrow(), manifest.schemaVersion());
        assertEquals(counts(source.dataSource()), manifestCounts());
        assertEquals(51, manifest.rows("resource_version"), "25 Patient + 25 Encounter versions and one update");
        assertTrue(manifest.tables().stream().noneMatch(t -> t.name().equals("flyway_schema_history")));
        assertTrue(manifest.tables().stream().map(BackupManifest.TableEntry::name).toList().indexOf("resource")
                < manifest.tables().stream().map(BackupManifest.TableEntry::name).toList().indexOf("resource_version"),
                "referenced tables first");
        try (ZipFile zip = new ZipFile(backup.toFile())) {
            assertTrue(zip.getEntry("manifest.json") != null);
            assertTrue(zip.getEntry("tables/inbox.copy") != null);
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(backup), files.filter(f -> f.getFileName().toString().startsWith(".")
                    || f.equals(backup)).toList(), "no temporary file left");
        }
    }

    @Test
    void restoresIntoTheEmbeddedServerOfANewDataDirectory() throws Exception {
        Path dataDir = dir.resolve("restored-data");
        try (EmbeddedPostgres server = EmbeddedPostgres.start(dataDir, new ServerSettings(20, "32MB", 120),
                new Platform(System.getProperty("os.name"), System.getProperty("os.arch")))) {
            PGSimpleDataSource target = new PGSimpleDataSource();
            target.setURL(server.jdbcUrl());
            target.setUser(server.user());
            target.setPassword(server.password());
            LogicalRestore.restore(backup, target);
            assertRestored(new Database.Settings(server.jdbcUrl(), server.user(), server.password(), 2));
        }
    }

    @Test
    void restoresIntoANewSchemaOfAnotherServerOrDatabase() throws Exception {
        String url = TestDatabases.freshSchemaUrl("gw_restore_");
        PGSimpleDataSource target = new PGSimpleDataSource();
        target.setURL(url);
        LogicalRestore.restore(backup, target);
        assertRestored(new Database.Settings(url, null, null, 2));
    }

    @Test
    void refusesATargetThatHoldsRows() {
        BackupException e = assertThrows(BackupException.class, () -> LogicalRestore.restore(backup, source.dataSource()));
        assertTrue(e.getMessage().startsWith("the target database is not empty (table "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void refusesABackupOfANewerSchemaAndAFileThatIsNoBackup() throws Exception {
        Path newer = dir.resolve("newer.zip");
        try (ZipFile in = new ZipFile(backup.toFile()); OutputStream file = Files.newOutputStream(newer);
                ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
            new BackupManifest(1, "9.9", "9999", "17", "2030-01-01T00:00:00Z", manifest.tables()).writeTo(out);
            out.closeEntry();
        }
        PGSimpleDataSource target = new PGSimpleDataSource();
        target.setURL(TestDatabases.freshSchemaUrl("gw_restore_"));
        BackupException e = assertThrows(BackupException.class, () -> LogicalRestore.restore(newer, target));
        assertTrue(e.getMessage().startsWith("the backup is of schema version 9999, newer than this gateway's"), e.getMessage());
        try (Connection c = target.getConnection()) {
            assertEquals(null, SchemaCatalog.schemaVersion(c), "nothing migrated");
        }
        Path notZip = Files.writeString(dir.resolve("not-a-backup.zip"), "hello");
        assertTrue(assertThrows(BackupException.class, () -> LogicalRestore.restore(notZip, target)).getMessage()
                .contains("is not a gateway backup"));
    }

    private static void assertRestored(Database.Settings settings) throws Exception {
        try (Database restored = Database.open(settings)) {
            assertEquals(manifestCounts(), counts(restored.dataSource()));
            StorageEngine engine = StorageEngine.open(restored, FHIR);
            Patient p = (Patient) engine.store().read(SYSTEM, "Patient", patientId).resource();
            assertEquals("2", p.getMeta().getVersionId());
            assertEquals("Secondname", p.getName().get(1).getFamily());
            assertEquals(1, engine.search().search(SYSTEM, SearchRequest.of("Patient", "family=backupfamily")).matches().size());
            assertEquals(1, engine.search().search(SYSTEM,
                    SearchRequest.of("Encounter", "subject=Patient/" + patientId)).matches().size());
            assertEquals(1, ((Patient) engine.store().vread(SYSTEM, "Patient", patientId, 1).resource()).getName().size(),
                    "the first version as it was");
            long maxPk = single(restored.dataSource(), "SELECT max(res_pk) FROM resource");
            long maxSeq = single(restored.dataSource(), "SELECT max(seq) FROM change_log");
            Patient fresh = new Patient();
            fresh.addName().setFamily("Afterrestore");
            WriteOutcome created = engine.store().create(SYSTEM, fresh);
            assertEquals(maxPk + 1, single(restored.dataSource(),
                    "SELECT res_pk FROM resource WHERE res_id = '" + created.id() + "'"), "res_pk sequence reset");
            assertEquals(maxSeq + 1, single(restored.dataSource(), "SELECT max(seq) FROM change_log"));
            long maxInbox = single(restored.dataSource(), "SELECT max(id) FROM inbox");
            String message = "MSH|^~\\&|EHR|HOSP|GW|GWF|20240101120000||ADT^A08^ADT_A01|BK2|P|2.5.1\r"
                    + "PID|1||MRN8^^^MRN^MR\r";
            Inbox.Receipt receipt = new Inbox(restored.dataSource()).store(new Inbox.Incoming(V2HeaderReader.read(message),
                    message.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, AckMode.ORIGINAL, null),
                    OffsetDateTime.now());
            assertEquals(maxInbox + 1, receipt.id(), "inbox id sequence reset");
        }
    }

    private static Map<String, Long> manifestCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        manifest.tables().forEach(t -> counts.put(t.name(), t.rows()));
        return counts;
    }

    private static Map<String, Long> counts(DataSource ds) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = ds.getConnection()) {
            for (SchemaCatalog.Table table : SchemaCatalog.tables(c)) {
                counts.put(table.name(), single(ds, "SELECT count(*) FROM " + SchemaCatalog.quote(table.name())));
            }
        }
        return counts;
    }

    private static long single(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
