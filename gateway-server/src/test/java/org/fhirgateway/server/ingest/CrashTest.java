package org.fhirgateway.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.fhirgateway.server.testing.EmbeddedClusters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kill -9, on the embedded PostgreSQL default: a separate JVM runs the ingest stack with its embedded server in a
 * data directory, senders stream messages, and then
 * <ul>
 *   <li>the gateway JVM is killed at a random moment, five times per ACK mode (its server is left running, orphaned,
 *       and the next start must stop it and go on), each sender sending its last two messages again after each
 *       restart, as real senders do;</li>
 *   <li>or the embedded PostgreSQL process itself is killed, twice, while the gateway runs on.</li>
 * </ul>
 * Then every message that got an AA is applied exactly once, each patient's messages in the order sent; a message
 * that got no AA is absent or applied once; and after each restart the backlog starts draining within seconds (a
 * killed node's lane leases are taken over at once, not after they run out).
 */
class CrashTest {

    static final int SENDERS = 4;
    static final int KILLS_PER_MODE = 5;
    /** Far below the 30 s lease: the backlog must not wait for a dead node's leases to expire. */
    static final long DRAIN_START_LIMIT_MS = 10_000;

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @EnumSource(value = AckMode.class, names = {"ORIGINAL", "IMMEDIATE"})
    void killedAtRandomMomentsEveryAcknowledgedMessageIsAppliedExactlyOnce(AckMode mode) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.err.printf("crash test %s: kill moments from seed %d%n", mode, seed);
        Feed feed = new Feed(SENDERS);
        for (int kill = 0; kill < KILLS_PER_MODE; kill++) {
            Process gateway = launch(mode);
            int port = readyPort(gateway);
            long drainStart = drainStartMillis();
            assertTrue(drainStart < DRAIN_START_LIMIT_MS, "backlog after kill " + kill + " waited " + drainStart + " ms");
            if (kill > 0) {
                feed.resendTheLastTwo(port);
            }
            Feed.Streaming streaming = feed.stream(port);
            long moment = 700 + random.nextInt(2500);
            streaming.awaitAcks(5, TimeUnit.SECONDS.toMillis(60));
            Thread.sleep(moment);
            gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            streaming.stop();
            System.err.printf("  kill %d after %d ms: %d acknowledged so far (backlog of the last restart moved after %d ms)%n",
                    kill + 1, moment, feed.acked().size(), drainStart);
        }
        Process last = launch(mode);
        try {
            int port = readyPort(last);
            feed.resendTheLastTwo(port);
            verifyExactlyOnce(feed);
        } finally {
            stop(last);
        }
    }

    @Test
    void theEmbeddedServerKilledUnderARunningGatewayIsRestartedAndLosesNothingAcknowledged() throws Exception {
        Feed feed = new Feed(SENDERS);
        Process gateway = launch(AckMode.ORIGINAL);
        try {
            int port = readyPort(gateway);
            Feed.Streaming streaming = feed.streamRetrying(port);
            for (int kill = 0; kill < 2; kill++) {
                streaming.awaitAcks(feed.acked().size() + 20, TimeUnit.SECONDS.toMillis(60));
                long server = EmbeddedClusters.serverPid(dataDir);
                ProcessHandle.of(server).ifPresent(ProcessHandle::destroyForcibly);
                System.err.printf("  embedded server (pid %d) killed with %d acknowledged%n", server, feed.acked().size());
            }
            // the watchdog restarts the server; the senders' retries then get their AAs again
            streaming.awaitAcks(feed.acked().size() + 40, TimeUnit.SECONDS.toMillis(60));
            streaming.stop();
            verifyExactlyOnce(feed);
        } finally {
            stop(gateway);
        }
    }

    /**
     * The real gateway ({@code serve} with the real mappers and store on its embedded default) killed twice
     * mid-stream: after the restarts every AA'd message is applied, none failed, and re-sent or re-applied bundles
     * made no twins (one Patient per patient sent).
     */
    @Test
    void theRealGatewayKilledMidStreamKeepsEveryAcknowledgedMessageAndMakesNoTwins() throws Exception {
        Feed feed = new Feed(2);
        int mllpPort = GracefulStopTest.freePort();
        for (int kill = 0; kill < 2; kill++) {
            Process gateway = serve(mllpPort);
            GracefulStopTest.awaitListening(mllpPort, gateway);
            if (kill > 0) {
                feed.resendTheLastTwo(mllpPort);
            }
            Feed.Streaming streaming = feed.stream(mllpPort);
            streaming.awaitAcks(feed.acked().size() + 10, TimeUnit.SECONDS.toMillis(60));
            gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            streaming.stop();
        }
        Process last = serve(mllpPort);
        try {
            GracefulStopTest.awaitListening(mllpPort, last);
            feed.resendTheLastTwo(mllpPort);
            try (Connection c = DriverManager.getConnection(EmbeddedClusters.jdbcUrl(dataDir))) {
                awaitNoneReceived(c);
                Map<String, String> status = new HashMap<>();
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT control_id, status FROM inbox WHERE dedup_slot = ''")) {
                    while (rs.next()) {
                        status.put(rs.getString(1), rs.getString(2));
                    }
                }
                for (String id : feed.acked()) {
                    assertEquals("applied", status.get(id), "message " + id + " got an AA");
                }
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT COUNT(*) FROM resource WHERE res_type = 'Patient'")) {
                    rs.next();
                    assertEquals(2 * 3, rs.getLong(1), "one Patient per patient sent, no twins");
                }
                System.err.printf("  real gateway: %d acknowledged, all applied, no twins%n", feed.acked().size());
            }
        } finally {
            stop(last);
        }
    }

    private Process serve(int mllpPort) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                org.fhirgateway.server.app.GatewayMain.class.getName(), "serve", "--http-port", "0",
                "--mllp-port", String.valueOf(mllpPort), "--data-dir", dataDir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_"));
        return builder.start();
    }

    /** Every AA'd message applied once, none applied twice, each lane in the order sent. */
    private void verifyExactlyOnce(Feed feed) throws Exception {
        try (Connection c = DriverManager.getConnection(EmbeddedClusters.jdbcUrl(dataDir))) {
            awaitNoneReceived(c);
            Map<String, Integer> applied = new HashMap<>();
            Map<String, List<String>> order = new HashMap<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT control_id, lane FROM test_applied ORDER BY seq")) {
                while (rs.next()) {
                    applied.merge(rs.getString(1), 1, Integer::sum);
                    order.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(rs.getString(1));
                }
            }
            for (String id : feed.acked()) {
                if (applied.getOrDefault(id, 0) != 1) {
                    fail("message " + id + " got an AA and was applied " + applied.getOrDefault(id, 0) + " times\n"
                            + CrashEvidence.rowsOf(c, id));
                }
            }
            for (Map.Entry<String, Integer> e : applied.entrySet()) {
                if (e.getValue() != 1) {
                    fail("applied " + e.getValue() + " times: " + e.getKey() + "\n" + CrashEvidence.rowsOf(c, e.getKey()));
                }
            }
            for (Map.Entry<String, List<String>> lane : order.entrySet()) {
                List<String> expected = new ArrayList<>(feed.sentOrder(lane.getKey()));
                expected.retainAll(lane.getValue());
                assertEquals(expected, lane.getValue(), "order of " + lane.getKey());
            }
            System.err.printf("  %d acknowledged, %d applied, none twice%n", feed.acked().size(), applied.size());
        }
    }

    /**
     * How long the backlog left by a kill waited, from the new gateway's READY until the first of its messages was
     * taken (applied or failed) by the new gateway; 0 when there was no backlog.
     */
    private long drainStartMillis() throws Exception {
        long began = System.nanoTime();
        try (Connection c = DriverManager.getConnection(EmbeddedClusters.jdbcUrl(dataDir));
                Statement s = c.createStatement()) {
            long backlogEnd;
            long backlog;
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM inbox WHERE status = 'received'")) {
                rs.next();
                backlogEnd = rs.getLong(1);
                backlog = rs.getLong(2);
            }
            if (backlog == 0) {
                return 0;
            }
            long deadline = began + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM inbox WHERE id <= " + backlogEnd
                        + " AND status = 'received'")) {
                    rs.next();
                    if (rs.getLong(1) < backlog) {
                        return (System.nanoTime() - began) / 1_000_000;
                    }
                }
                Thread.sleep(50);
            }
            return Long.MAX_VALUE;
        }
    }

    private static void awaitNoneReceived(Connection c) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM inbox WHERE status = 'received'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("messages still waiting two minutes after the restart:\n" + CrashEvidence.rows(c,
                "SELECT id, lane, status, received_at FROM inbox WHERE status = 'received' ORDER BY id")
                + "lane leases:\n" + CrashEvidence.rows(c, "SELECT lane, owner, lease_until FROM inbox_lane ORDER BY lane"));
    }

    private Process launch(AckMode mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                IngestStackMain.class.getName(), "embedded:" + dataDir, mode.name(), "record")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    static int readyPort(Process process) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY ")) {
                return Integer.parseInt(line.substring(6).trim());
            }
        }
        throw new IOException("the gateway JVM ended before it was ready");
    }

    /** SIGTERM, as an operator stops it; never leaves a JVM behind. */
    private static void stop(Process gateway) throws InterruptedException {
        gateway.destroy();
        if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
            gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
