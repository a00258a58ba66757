package org.fhirgateway.server.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.server.ingest.MllpFrames.Scan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MLLP connection: bulk reads into a buffer, {@link MllpFrames#scan} after each, one ACK or NACK per
 * complete frame. An oversized frame is read to its end and discarded, then NACKed; bytes that are not a frame
 * are NACKed and the connection closed; a frame not complete within the read timeout closes the connection.
 * Logs the remote port and codes only.
 */
final class MllpConnection implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(MllpConnection.class);
    private static final int HEAD_KEPT = 4096;

    private final Socket socket;
    private final IngestService ingest;
    private final MllpSettings settings;
    private final int cap;
    private byte[] buf = new byte[64 * 1024];
    private int len;
    private long frameStarted;
    /** The sending facility the client certificate is bound to (mutual TLS), or null: any. */
    private String sender;
    /** The first bytes of an oversized frame being discarded, or null. */
    private byte[] discarding;

    MllpConnection(Socket socket, IngestService ingest, MllpSettings settings) {
        this.socket = socket;
        this.ingest = ingest;
        this.settings = settings;
        this.cap = ingest.settings().maxMessageBytes();
    }

    @Override
    public void run() {
        String peer = "port " + socket.getPort();
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            if (socket instanceof javax.net.ssl.SSLSocket tls) {
                // a client that connects and never completes the handshake must not hold this thread for ever
                socket.setSoTimeout((int) settings.readTimeout().toMillis());
                try {
                    tls.startHandshake();
                } catch (IOException e) {
                    LOG.warn("mllp: TLS handshake with {} failed, closed: {}", socket.getInetAddress().getHostAddress(),
                            e.getClass().getSimpleName());
                    return;
                }
                sender = MllpSenders.of(tls, settings.tls());
            }
            while (readSome(in)) {
                if (!process(out)) {
                    LOG.info("mllp {}: not MLLP, closed", peer);
                    return;
                }
            }
            if (len > 0 || discarding != null) {
                LOG.info("mllp {}: connection ended inside a message ({} bytes dropped, not acknowledged)", peer, len);
            }
        } catch (SocketTimeoutException e) {
            LOG.info("mllp {}: {} timeout, closed", peer, len > 0 || discarding != null ? "read" : "idle");
        } catch (IOException e) {
            LOG.debug("mllp {}: {}", peer, e.toString());
        }
    }

    /**
     * Ends the connection after the message in hand: a blocked read sees the end of the stream, frames already
     * read are still stored and acknowledged. A TLS socket cannot half-close, so it is closed: the message in hand
     * then goes unacknowledged and the sender sends it again.
     */
    void stopReading() {
        try {
            if (socket instanceof javax.net.ssl.SSLSocket) {
                socket.close();
            } else {
                socket.shutdownInput();
            }
        } catch (IOException e) {
            LOG.debug("mllp port {}: {}", socket.getPort(), e.toString());
        }
    }

    /** Reads what is available; false at end of stream. */
    private boolean readSome(InputStream in) throws IOException {
        boolean midFrame = len > 0 || discarding != null;
        if (!midFrame) {
            socket.setSoTimeout((int) settings.idleTimeout().toMillis());
        } else {
            long left = settings.readTimeout().toMillis() - (System.currentTimeMillis() - frameStarted);
            if (left <= 0) {
                throw new SocketTimeoutException("frame took too long");
            }
            socket.setSoTimeout((int) left);
        }
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(buf.length * 2, cap + 8));
        }
        int n = in.read(buf, len, buf.length - len);
        if (n < 0) {
            return false;
        }
        if (!midFrame) {
            frameStarted = System.currentTimeMillis();
        }
        len += n;
        return true;
    }

    /** Handles every complete frame in the buffer; false when the connection must close. */
    private boolean process(OutputStream out) throws IOException {
        int pos = 0;
        while (pos < len) {
            if (discarding != null) {
                MllpFrames.Skip skip = MllpFrames.skipToEnd(buf, pos, len);
                pos += skip.consumed();
                if (skip.ended()) {
                    send(out, tooLarge(discarding));
                    discarding = null;
                    frameStarted = System.currentTimeMillis();
                }
                continue;
            }
            Scan scan = MllpFrames.scan(buf, pos, len, cap);
            switch (scan.kind()) {
                case FRAME -> {
                    byte[] message = Arrays.copyOfRange(buf, scan.payloadStart(), scan.payloadEnd());
                    send(out, sender == null ? ingest.receive(message) : MllpSenders.receiveFrom(sender, message,
                            ingest, socket.getInetAddress()));
                    pos += scan.consumed();
                    frameStarted = System.currentTimeMillis();
                }
                case TOO_LARGE -> {
                    discarding = Arrays.copyOfRange(buf, scan.payloadStart(), Math.min(scan.payloadEnd(), scan.payloadStart() + HEAD_KEPT));
                    pos = scan.consumed() > 0 ? pos + scan.consumed() : scan.payloadEnd();
                    if (scan.consumed() > 0) {
                        send(out, tooLarge(discarding));
                        discarding = null;
                    }
                }
                case JUNK -> {
                    boolean truncatedFrame = buf[pos] == MllpFrames.START;
                    send(out, ingest.refuse(null, IngestError.of("NOT_FRAMED", truncatedFrame
                            ? "a message ended without FS CR before the next began" : "bytes outside an MLLP frame"), null));
                    if (!truncatedFrame) {
                        return false;
                    }
                    pos += scan.consumed();
                }
                default -> {
                    compact(pos);
                    return true;
                }
            }
        }
        compact(pos);
        return true;
    }

    private IngestService.Reply tooLarge(byte[] head) {
        V2Header header;
        try {
            header = V2HeaderReader.read(new String(head, StandardCharsets.ISO_8859_1));
        } catch (MappingException e) {
            header = null;
        }
        LOG.info("mllp port {}: message over the {} byte cap refused", socket.getPort(), cap);
        return ingest.refuse(header, IngestError.of("MESSAGE_TOO_LARGE", "the message exceeds " + cap + " bytes"), null);
    }

    private void compact(int pos) {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, len - pos);
            len -= pos;
        }
        if (len == 0 && buf.length > 64 * 1024) {
            buf = new byte[64 * 1024];
        }
    }

    private static void send(OutputStream out, IngestService.Reply reply) throws IOException {
        byte[] bytes = reply.bytes();
        if (bytes != null) {
            out.write(MllpFrames.frame(bytes));
            out.flush();
        }
    }
}
