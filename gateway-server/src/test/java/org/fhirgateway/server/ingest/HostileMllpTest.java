package org.fhirgateway.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Hostile MLLP senders on real sockets and PostgreSQL (issue 11, item 5): a flood of idle connections from one
 * address cannot lock the other senders out, silent connections are closed, an address off the allow-list is
 * refused, the listener binds loopback by default, and each refusal is logged with the source address.
 */
class HostileMllpTest {

    private Database db;
    private IngestStack stack;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        db = IngestDatabases.fresh();
        stack = IngestStack.start(db.dataSource(), new RecordingApplier(), new IngestStack.Settings(
                IngestSettings.defaults().withMode(AckMode.IMMEDIATE),
                new WorkerSettings(2, Duration.ofSeconds(30), Duration.ofMillis(100), 50, "hostile")));
        logged.start();
        ((Logger) LoggerFactory.getLogger(MllpListener.class)).addAppender(logged);
    }

    @AfterEach
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(MllpListener.class)).detachAppender(logged);
        stack.close();
        TestDatabases.closeAndDrop(db);
    }

    @Test
    void oneAddressCannotHoldMoreThanItsShareOfConnections() throws Exception {
        int port = stack.listen(MllpSettings.defaults().withPort(0).withLimits(50, 3));
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                idle.add(new Socket("127.0.0.1", port));
            }
            try (Socket fourth = new Socket("127.0.0.1", port)) {
                fourth.setSoTimeout(5_000);
                assertEquals(-1, fourth.getInputStream().read(), "closed at once");
            }
            assertTrue(awaitLogged("connection from 127.0.0.1 refused: 3 connections from this address"),
                    "the refusal names the source: " + messages().toString());
            idle.remove(0).close();
            Thread.sleep(200); // the server notices the close when its read ends
            try (MllpClient client = new MllpClient("127.0.0.1", port)) {
                assertEquals("MSA|AA|CAP1", Messages.msa(client.send(Messages.adt("A01", "CAP1", "P1"))));
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        assertEquals(Duration.ofMinutes(5), MllpSettings.defaults().idleTimeout(), "never forever by default");
        int port = stack.listen(MllpSettings.defaults().withPort(0).withIdleTimeout(Duration.ofSeconds(1)));
        try (Socket silent = new Socket("127.0.0.1", port)) {
            silent.setSoTimeout(10_000);
            long started = System.nanoTime();
            assertEquals(-1, silent.getInputStream().read());
            assertTrue(System.nanoTime() - started < 8_000_000_000L, "closed by the server's idle timeout");
        }
    }

    @Test
    void anAddressOffTheAllowListIsRefusedAndNothingIsStored() throws Exception {
        int port = stack.listen(MllpSettings.defaults().withPort(0)
                .withAllowedSenders(List.of(AddressRange.parse("10.99.0.0/16"))));
        try (MllpClient client = new MllpClient("127.0.0.1", port)) {
            assertNull(client.send(Messages.adt("A01", "DENIED1", "P1")), "closed without an answer");
        } catch (java.net.SocketException closed) {
            // the server closed first: also a refusal
        }
        assertTrue(awaitLogged("connection from 127.0.0.1 refused: not on the sender allow-list"), messages().toString());
        assertEquals(0, inboxRows());
        stack.close();
        stack = IngestStack.start(db.dataSource(), new RecordingApplier(), new IngestStack.Settings(
                IngestSettings.defaults().withMode(AckMode.IMMEDIATE),
                new WorkerSettings(2, Duration.ofSeconds(30), Duration.ofMillis(100), 50, "hostile")));
        int allowed = stack.listen(MllpSettings.defaults().withPort(0)
                .withAllowedSenders(List.of(AddressRange.parse("127.0.0.0/8"))));
        try (MllpClient client = new MllpClient("127.0.0.1", allowed)) {
            assertEquals("MSA|AA|ALLOWED1", Messages.msa(client.send(Messages.adt("A01", "ALLOWED1", "P1"))));
        }
    }

    @Test
    void theListenerBindsLoopbackByDefault() throws Exception {
        int port = stack.listen(MllpSettings.defaults().withPort(0));
        try (MllpClient client = new MllpClient("127.0.0.1", port)) {
            assertEquals("MSA|AA|LOOP1", Messages.msa(client.send(Messages.adt("A01", "LOOP1", "P1"))));
        }
        for (InetAddress other : otherAddresses()) {
            try (Socket s = new Socket()) {
                s.connect(new java.net.InetSocketAddress(other, port), 2_000);
                throw new AssertionError("reachable on " + other.getHostAddress());
            } catch (java.net.ConnectException expected) {
                // refused: nothing listens there
            }
        }
    }

    @Test
    void garbageGetsANackWithAnErrSegmentAndIsNotStored() throws Exception {
        int port = stack.listen(MllpSettings.defaults().withPort(0));
        for (String junk : List.of("MSH|^~\\&|\r", "PID|1||x\r", "MSH|" + "^".repeat(5000) + "\r", "\u0000\u0001\u00ff")) {
            try (MllpClient client = new MllpClient("127.0.0.1", port)) {
                String nack = client.send(junk.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
                assertTrue(Messages.msa(nack).startsWith("MSA|AR|"), nack);
                assertTrue(nack.contains("\rERR|"), nack);
            }
        }
        assertEquals(0, inboxRows());
    }

    /** This machine's non-loopback IPv4 addresses (a listener on loopback must not answer on any of them). */
    private static List<InetAddress> otherAddresses() throws Exception {
        List<InetAddress> found = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                Collections.list(nic.getInetAddresses()).stream()
                        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).forEach(found::add);
            }
        }
        return found;
    }

    private long inboxRows() throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM inbox")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean awaitLogged(String text) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (messages().stream().anyMatch(m -> m.contains(text))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private List<String> messages() {
        return new ArrayList<>(logged.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
