package org.fhirgateway.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fhirgateway.server.store.Database;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Garbage on the socket: each case gets a NACK or a closed connection, never an ACK, never stored, and the
 * listener keeps serving other connections meanwhile.
 */
class MllpBadInputTest {

    private static final int CAP = 1 << 20;
    private Database db;
    private javax.sql.DataSource ds;
    private IngestStack stack;
    private int port;

    @BeforeEach
    void start() throws Exception {
        db = IngestDatabases.fresh();
        ds = db.dataSource();
        IngestStack.Settings settings = new IngestStack.Settings(
                IngestSettings.defaults().withMode(AckMode.IMMEDIATE).withMaxMessageBytes(CAP),
                new WorkerSettings(2, Duration.ofSeconds(30), Duration.ofMillis(100), 50, "bad-input"));
        stack = IngestStack.start(ds, new RecordingApplier(), settings);
        port = stack.listen(MllpSettings.defaults().withPort(0).withReadTimeout(Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        stack.close();
        db.close();
    }

    @Test
    void httpOnTheMllpPortGetsANackAndTheConnectionClosed() throws Exception {
        try (MllpClient client = new MllpClient("localhost", port)) {
            client.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String nack = client.readFrame(StandardCharsets.ISO_8859_1);
            assertEquals("MSA|AR|", Messages.msa(nack));
            assertTrue(nack.contains("NOT_FRAMED"));
            assertNull(client.readFrame(StandardCharsets.ISO_8859_1), "closed");
        }
        assertStillServing();
    }

    @Test
    void unframedHl7GetsANack() throws Exception {
        try (MllpClient client = new MllpClient("localhost", port)) {
            client.sendRaw(Messages.adt("A01", "X1", "P1").getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(client.readFrame(StandardCharsets.ISO_8859_1).contains("NOT_FRAMED"));
        }
        assertEquals(0, stored());
    }

    @Test
    void aFrameThatIsNotHl7IsNackedAndTheConnectionStaysUsable() throws Exception {
        try (MllpClient client = new MllpClient("localhost", port)) {
            String nack = client.send("this is not a v2 message");
            assertEquals("MSA|AR|", Messages.msa(nack));
            assertTrue(nack.contains("NOT_HL7"));
            String noControlId = client.send("MSH|^~\\&|A|F|||2024||ADT^A01||P|2.5\rPID|1||1\r");
            assertTrue(noControlId.contains("ERR||MSH^1^10|101^"), noControlId);
            assertEquals("MSA|AA|OK1", Messages.msa(client.send(Messages.adt("A01", "OK1", "P1"))));
        }
        assertEquals(1, stored());
    }

    @Test
    void aTruncatedMessageFollowedByAGoodOneGetsANackThenAnAck() throws Exception {
        try (MllpClient client = new MllpClient("localhost", port)) {
            byte[] truncated = ("\u000B" + Messages.adt("A01", "T1", "P1").substring(0, 40)).getBytes(StandardCharsets.ISO_8859_1);
            byte[] good = MllpFrames.frame(Messages.adt("A01", "T2", "P1").getBytes(StandardCharsets.ISO_8859_1));
            byte[] both = Arrays.copyOf(truncated, truncated.length + good.length);
            System.arraycopy(good, 0, both, truncated.length, good.length);
            client.sendRaw(both);
            assertTrue(client.readFrame(StandardCharsets.ISO_8859_1).contains("NOT_FRAMED"));
            assertEquals("MSA|AA|T2", Messages.msa(client.readFrame(StandardCharsets.ISO_8859_1)));
        }
        assertEquals(1, stored());
    }

    @Test
    void aTruncatedMessageAtTheEndOfTheStreamIsDroppedUnacknowledged() throws Exception {
        try (MllpClient client = new MllpClient("localhost", port)) {
            client.sendRaw(("\u000B" + Messages.adt("A01", "T3", "P1")).getBytes(StandardCharsets.ISO_8859_1));
            client.socket().shutdownOutput();
            assertNull(client.readFrame(StandardCharsets.ISO_8859_1));
        }
        assertEquals(0, stored());
    }

    @Test
    void aFiftyMegabyteMessageIsReadToItsEndThenNackedWhileOthersAreServed() throws Exception {
        try (MllpClient big = new MllpClient("localhost", port)) {
            OutputStream out = big.socket().getOutputStream();
            out.write(MllpFrames.START);
            out.write(Messages.adt("A01", "BIG1", "P1").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 50; i++) {
                out.write(chunk);
                if (i == 10) {
                    assertStillServing();
                }
            }
            out.write(new byte[] {MllpFrames.END, MllpFrames.CR});
            out.flush();
            String nack = big.readFrame(StandardCharsets.ISO_8859_1);
            assertEquals("MSA|AR|BIG1", Messages.msa(nack));
            assertTrue(nack.contains("MESSAGE_TOO_LARGE"));
            assertEquals("MSA|AA|AFTER", Messages.msa(big.send(Messages.adt("A01", "AFTER", "P2"))), "usable again");
        }
    }

    @Test
    void aSlowSenderIsCutOffAfterTheReadTimeoutWithoutBlockingOthers() throws Exception {
        try (Socket slow = new Socket("localhost", port)) {
            slow.setSoTimeout(10_000);
            OutputStream out = slow.getOutputStream();
            out.write(MllpFrames.START);
            out.write("MSH|^~\\&|".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            assertStillServing();
            try {
                for (int i = 0; i < 20; i++) {
                    Thread.sleep(300);
                    out.write('x');
                    out.flush();
                }
            } catch (IOException closedByServer) {
                // expected once the read timeout passed
            }
            assertEquals(-1, slow.getInputStream().read(), "closed by the gateway");
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertTrue(seconds <= 5, "cut after about the 2 s read timeout, took " + seconds);
        }
        assertStillServing();
    }

    private void assertStillServing() throws Exception {
        try (MllpClient other = new MllpClient("localhost", port)) {
            String id = "S" + System.nanoTime();
            assertEquals("MSA|AA|" + id, Messages.msa(other.send(Messages.adt("A01", id, "P3"))));
        }
    }

    private long stored() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM inbox")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
