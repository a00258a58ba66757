package org.fhirgateway.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a test reads of a running gateway's embedded PostgreSQL from outside, as an operator would: the port and
 * process id from the cluster's {@code postmaster.pid}, the password from {@code postgres/password}.
 */
public final class EmbeddedClusters {

    private EmbeddedClusters() {
    }

    /** A JDBC URL with credentials to the gateway database of the embedded server running for {@code dataDir}. */
    public static String jdbcUrl(Path dataDir) throws IOException {
        List<String> pid = postmasterPid(dataDir);
        String password = Files.readString(dataDir.resolve("postgres").resolve("password")).strip();
        return "jdbc:postgresql://127.0.0.1:" + pid.get(3).strip() + "/gateway?user=gateway&password=" + password;
    }

    /** The process id of the embedded server's postmaster. */
    public static long serverPid(Path dataDir) throws IOException {
        return Long.parseLong(postmasterPid(dataDir).get(0).strip());
    }

    private static List<String> postmasterPid(Path dataDir) throws IOException {
        return Files.readAllLines(dataDir.resolve("postgres").resolve("cluster").resolve("postmaster.pid"));
    }
}
