package org.fhirgateway.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.testing.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kill -9 mid-stream: a separate JVM runs the ingest stack, senders stream messages, the JVM is destroyed
 * forcibly, a new one starts on the same database and each sender sends its last two messages again; every message
 * that got an AA is then applied exactly once, each patient's messages in the order sent.
 */
class CrashTest {

    static List<Arguments> cases() {
        return List.of(Arguments.of(TestDatabases.Kind.H2, AckMode.IMMEDIATE), Arguments.of(TestDatabases.Kind.H2, AckMode.ORIGINAL),
                Arguments.of(TestDatabases.Kind.POSTGRESQL, AckMode.IMMEDIATE), Arguments.of(TestDatabases.Kind.POSTGRESQL, AckMode.ORIGINAL));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyAcknowledgedMessageIsAppliedExactlyOnceAfterAKill(TestDatabases.Kind kind, AckMode mode) throws Exception {
        String url = url(kind);
        Process first = launch(url, mode);
        int port = readyPort(first);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Map<String, List<String>> sentOrder = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(6);
        for (int s = 0; s < 6; s++) {
            int sender = s;
            senders.submit(() -> send(port, sender, acked, sentOrder));
        }
        killMidStream(first, acked, 50);
        senders.shutdown();
        assertTrue(senders.awaitTermination(30, TimeUnit.SECONDS));
        assertTrue(acked.size() > 50, "messages acknowledged before the kill: " + acked.size());

        Process second = launch(url, mode);
        int secondPort = readyPort(second);
        try (Connection c = connect(kind, url)) {
            resendTheLastTwo(secondPort, 6, sentOrder, acked);
            waitUntilNoneReceived(c, second);
            Map<String, Integer> applied = new HashMap<>();
            Map<String, List<String>> order = new HashMap<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT a.control_id, a.lane FROM test_applied a ORDER BY a.seq")) {
                while (rs.next()) {
                    applied.merge(rs.getString(1), 1, Integer::sum);
                    order.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(rs.getString(1));
                }
            }
            for (String id : acked) {
                if (applied.getOrDefault(id, 0) != 1) {
                    fail("message " + id + " got an AA and was applied " + applied.getOrDefault(id, 0) + " times\n"
                            + rowsOf(c, id));
                }
            }
            for (Map.Entry<String, Integer> e : applied.entrySet()) {
                if (e.getValue() != 1) {
                    fail("applied " + e.getValue() + " times: " + e.getKey() + "\n" + rowsOf(c, e.getKey()));
                }
            }
            for (Map.Entry<String, List<String>> lane : order.entrySet()) {
                List<String> sent = sentOrder.get(lane.getKey());
                List<String> expected = new ArrayList<>(sent);
                expected.retainAll(lane.getValue());
                assertEquals(expected, lane.getValue(), "order of " + lane.getKey());
            }
            System.err.printf("crash test %s %s: %d acknowledged (before the kill, and the copies sent after the restart), %d applied%n",
                    kind, mode, acked.size(), applied.size());
        } finally {
            second.destroy();
            second.waitFor(20, TimeUnit.SECONDS);
            second.destroyForcibly();
        }
    }

    /**
     * The same kill with the real mappers and store (ORIGINAL mode: AA after the apply): after the restart every
     * AA'd message is applied, none failed, and re-applied bundles made no twins (one Patient per patient sent).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(TestDatabases.Kind.class)
    void withTheRealStoreNothingAcknowledgedIsLostOrDoubled(TestDatabases.Kind kind) throws Exception {
        String url = url(kind);
        Process first = launch(url, AckMode.ORIGINAL, "store");
        int port = readyPort(first);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Map<String, List<String>> sentOrder = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(3);
        for (int s = 0; s < 3; s++) {
            int sender = s;
            senders.submit(() -> send(port, sender, acked, sentOrder));
        }
        killMidStream(first, acked, 10);
        senders.shutdown();
        assertTrue(senders.awaitTermination(30, TimeUnit.SECONDS));
        assertTrue(acked.size() > 10, "messages acknowledged before the kill: " + acked.size());
        Process second = launch(url, AckMode.ORIGINAL, "store");
        readyPort(second);
        try (Connection c = connect(kind, url)) {
            waitUntilNoneReceived(c, second);
            Map<String, String> status = new HashMap<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT control_id, status FROM inbox WHERE dedup_slot = ''")) {
                while (rs.next()) {
                    status.put(rs.getString(1), rs.getString(2));
                }
            }
            for (String id : acked) {
                assertEquals("applied", status.get(id), "message " + id + " got an AA");
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT COUNT(*) FROM resource WHERE res_type = 'Patient'")) {
                rs.next();
                assertEquals(sentOrder.size(), rs.getLong(1), "one Patient per patient sent, no twins");
            }
            System.err.printf("crash test with the store %s: %d acknowledged before the kill, %d applied after restart%n",
                    kind, acked.size(), status.values().stream().filter("applied"::equals).count());
        } finally {
            second.destroy();
            second.waitFor(20, TimeUnit.SECONDS);
            second.destroyForcibly();
        }
    }

    /**
     * Kills the gateway abruptly mid-stream, while the senders keep sending: once it has run 2.5 s and more than
     * {@code acks} messages were acknowledged. The count keeps the test meaningful on a loaded machine, where the
     * gateway may take seconds to acknowledge anything. The 2.5 s: H2 killed within about a second of creating its
     * file came back with secondary indexes that missed committed rows (see H2UncleanStop and docs/ingest.md); that
     * is H2's, and the test is about the gateway's guarantees.
     */
    private static void killMidStream(Process gateway, Set<String> acked, int acks) throws InterruptedException {
        long earliest = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((acked.size() <= acks || System.nanoTime() < earliest) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Message {@code i} of sender {@code sender}: its patients take turns, A01 and A08 alternate. */
    private static String message(int sender, int i) {
        return Messages.adt(i % 2 == 0 ? "A01" : "A08", "C" + sender + "-" + i, "S" + sender + "P" + (i % 3));
    }

    /**
     * What a real sender does after reconnecting: sends again what it sent last, the message in flight at the kill
     * (stored or not) and the one before (acknowledged). Each must be answered AA, and the exactly-once check that
     * follows covers them: a copy of a stored message must be a duplicate, never applied a second time.
     */
    private static void resendTheLastTwo(int port, int senders, Map<String, List<String>> sentOrder, Set<String> acked)
            throws IOException {
        try (MllpClient client = new MllpClient("localhost", port)) {
            for (int s = 0; s < senders; s++) {
                int last = -1;
                for (List<String> lane : sentOrder.values()) {
                    for (String id : lane) {
                        if (id.startsWith("C" + s + "-")) {
                            last = Math.max(last, Integer.parseInt(id.substring(id.indexOf('-') + 1)));
                        }
                    }
                }
                for (int i = Math.max(0, last - 1); i <= last; i++) {
                    String id = "C" + s + "-" + i;
                    String ack = client.send(message(s, i));
                    assertEquals("MSA|AA|" + id, Messages.msa(ack), "sent again after the restart: " + ack);
                    acked.add(id);
                }
            }
        }
    }

    private static void send(int port, int sender, Set<String> acked, Map<String, List<String>> sentOrder) {
        try (MllpClient client = new MllpClient("localhost", port)) {
            for (int i = 0; ; i++) {
                String patient = "S" + sender + "P" + (i % 3);
                String id = "C" + sender + "-" + i;
                sentOrder.computeIfAbsent("MRN|" + patient, k -> new ArrayList<>()).add(id);
                String ack = client.send(message(sender, i));
                if (ack == null) {
                    return;
                }
                if (("MSA|AA|" + id).equals(Messages.msa(ack))) {
                    acked.add(id);
                }
            }
        } catch (IOException expectedAtTheKill) {
            // the gateway died
        }
    }

    /** The inbox and test_applied rows of one control id, for a failure message. */
    private static String rowsOf(Connection c, String controlId) throws SQLException {
        return rows(c, "SELECT id, status, dedup_slot, duplicate_of, lane, received_at, processed_at FROM inbox"
                + " WHERE control_id = ?", controlId)
                + rows(c, "SELECT seq, inbox_id, lane, event FROM test_applied WHERE control_id = ?", controlId);
    }

    /** The first 50 rows of a query, one line each as column=value: what a failed assertion prints. */
    private static String rows(Connection c, String sql, Object... params) throws SQLException {
        StringBuilder rows = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                for (int n = 0; n < 50 && rs.next(); n++) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        rows.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
                    }
                    rows.append('\n');
                }
            }
        }
        return rows.toString();
    }

    private static String url(TestDatabases.Kind kind) throws Exception {
        if (kind == TestDatabases.Kind.H2) {
            Path dir = Files.createTempDirectory("ingest-crash");
            // AUTO_SERVER lets this test read the file while the gateway JVM has it open
            return Database.h2FileUrl(dir.resolve("gateway").toString()) + ";AUTO_SERVER=TRUE";
        }
        String base = TestDatabases.postgresBaseUrl();
        String schema = "ingest_crash_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000;
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static Connection connect(TestDatabases.Kind kind, String url) throws Exception {
        return DriverManager.getConnection(url);
    }

    static Process launch(String url, AckMode mode) throws IOException {
        return launch(url, mode, "record");
    }

    static Process launch(String url, AckMode mode, String applier) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                IngestStackMain.class.getName(), url, mode.name(), applier)
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

    /**
     * After a kill the new node first waits out the dead node's lane leases (30 s), then applies the backlog; the
     * deadline leaves room for that on a loaded 2-core machine (what is asserted is that all get applied, not speed).
     */
    private static void waitUntilNoneReceived(Connection c, Process gateway) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT COUNT(*) FROM inbox WHERE status = 'received'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("messages still waiting two minutes after the restart:\n"
                + rows(c, "SELECT id, lane, status, received_at FROM inbox WHERE status = 'received' ORDER BY id")
                + "lane leases:\n" + rows(c, "SELECT lane, owner, lease_until FROM inbox_lane ORDER BY lane")
                + "first of them: " + lockProbe(c) + "\n"
                + "gateway threads in our code:\n" + ourThreads(gateway));
    }

    /**
     * Whether the first waiting row can be locked (FOR UPDATE, which waits out the lock timeout): tells a row some
     * transaction still holds from one the gateway's workers skip for another reason.
     */
    private static String lockProbe(Connection c) {
        try {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM inbox WHERE id ="
                    + " (SELECT MIN(id) FROM inbox WHERE status = 'received') FOR UPDATE")) {
                return rs.next() ? "could be locked" : "gone";
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            return "could not be locked: " + e.getMessage().lines().findFirst().orElse("");
        }
    }

    /** The stacks of the gateway's threads that are in our code (jstack), to see what a stalled worker waits on. */
    private static String ourThreads(Process gateway) throws IOException, InterruptedException {
        Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
        Process dump = new ProcessBuilder(jstack.toString(), Long.toString(gateway.pid())).redirectErrorStream(true)
                .start();
        String out = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        dump.waitFor(30, TimeUnit.SECONDS);
        StringBuilder ours = new StringBuilder();
        for (String thread : out.split("\n\n")) {
            if (thread.contains("org.fhirgateway")) {
                ours.append(thread).append("\n\n");
            }
        }
        return ours.toString();
    }
}
