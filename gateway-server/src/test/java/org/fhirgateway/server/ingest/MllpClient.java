package org.fhirgateway.server.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** A plain MLLP client for tests and the load driver: send a frame, read the answering frame. */
public final class MllpClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public MllpClient(String host, int port) throws IOException {
        this(new Socket(host, port));
    }

    MllpClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        this.in = new java.io.BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public String send(String message) throws IOException {
        return send(message.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
    }

    String send(byte[] message, Charset charset) throws IOException {
        sendRaw(MllpFrames.frame(message));
        return readFrame(charset);
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The payload of the next frame, or null at end of stream. */
    String readFrame(Charset charset) throws IOException {
        int b = in.read();
        while (b != -1 && b != MllpFrames.START) {
            b = in.read();
        }
        if (b == -1) {
            return null;
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        while ((b = in.read()) != -1 && b != MllpFrames.END) {
            payload.write(b);
        }
        in.read(); // CR
        return payload.toString(charset);
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
