package org.fhirgateway.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data folder and what the gateway writes in it are private to the user running it (issue 11, item 8). */
class DataDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aNewDataFolderIs0700AndTheKeyIs0600() throws Exception {
        Path data = dir.resolve("fresh").resolve("data");
        try (Gateway gateway = Gateway.start(config(data))) {
            assertEquals("rwx------", permissions(data));
            assertEquals("rw-------", permissions(data.resolve("token-signing.key")));
        }
    }

    @Test
    void anOpenDataFolderFromBeforeIsTightened() throws Exception {
        Path data = dir.resolve("old");
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path key = Files.writeString(data.resolve("token-signing.key"), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Path trace = Files.writeString(data.resolve("gateway.trace.db"), "left by an older version");
        Files.setPosixFilePermissions(trace, PosixFilePermissions.fromString("rw-rw-rw-"));
        try (Gateway gateway = Gateway.start(config(data))) {
            assertEquals("rwx------", permissions(data));
            assertEquals("rw-------", permissions(key));
            assertEquals("rw-------", permissions(trace));
        }
    }

    private static GatewayConfig config(Path data) throws Exception {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.HTTP_PORT, "0");
        flags.put(Setting.MLLP_PORT, "0");
        flags.put(Setting.DATA_DIR, data.toString());
        flags.put(Setting.DB_URL, GatewayIngestTest.url());
        return new ConfigLoader(Map.of()).load(flags, null);
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
