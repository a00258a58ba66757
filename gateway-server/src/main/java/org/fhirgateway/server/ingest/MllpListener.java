package org.fhirgateway.server.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts MLLP connections (plain, TLS or mutual TLS) and serves each on its own thread, up to a maximum in total
 * and per source address ({@link MllpAdmission}), from the allow-listed addresses only when a list is configured; a
 * connection refused is closed at once and logged with its source address. One connection's trouble never reaches
 * another or the accept loop.
 */
public final class MllpListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MllpListener.class);
    private static final int STOP_WAIT_SECONDS = 30;

    private final IngestService ingest;
    private final MllpSettings settings;
    private final ServerSocket server;
    private final ThreadPoolExecutor connections;
    private final MllpAdmission admission;
    private final Thread acceptor;
    /** The connections being served, so that close() can end each after the message in hand. */
    private final Set<MllpConnection> open = ConcurrentHashMap.newKeySet();

    public MllpListener(IngestService ingest, MllpSettings settings) throws IOException {
        this.ingest = ingest;
        this.settings = settings;
        this.server = open(settings);
        this.admission = new MllpAdmission(settings.allowedSenders(), settings.maxPerSource());
        this.connections = new ThreadPoolExecutor(0, settings.maxConnections(), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), LaneWorkers.named("mllp-conn"));
        this.acceptor = new Thread(this::acceptLoop, "mllp-accept");
        this.acceptor.setDaemon(true);
    }

    public MllpListener start() {
        acceptor.start();
        LOG.info("MLLP listener on {} port {}{}", settings.bind().getHostAddress(), port(), settings.tls() == null ? ""
                : settings.tls().mutual() ? " (mutual TLS)" : " (TLS)");
        return this;
    }

    /** True until closed. */
    boolean listening() {
        return !server.isClosed();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("mllp accept failed: {}", e.toString());
                }
                continue;
            }
            java.net.InetAddress source = socket.getInetAddress();
            java.util.Optional<String> refusal = admission.admit(source);
            if (refusal.isPresent()) {
                LOG.warn("mllp: connection from {} refused: {}", source.getHostAddress(), refusal.get());
                closeQuietly(socket);
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
                MllpConnection connection = new MllpConnection(socket, ingest, settings);
                open.add(connection);
                try {
                    connections.execute(() -> {
                        try {
                            connection.run();
                        } finally {
                            open.remove(connection);
                            admission.release(source);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    open.remove(connection);
                    throw e;
                }
            } catch (RejectedExecutionException | IOException e) {
                admission.release(source);
                if (!server.isClosed()) {
                    LOG.warn("mllp: connection from {} refused: {} connections already open", source.getHostAddress(),
                            settings.maxConnections());
                }
                closeQuietly(socket);
            }
        }
    }

    private static ServerSocket open(MllpSettings settings) throws IOException {
        ServerSocket socket = settings.tls() == null ? new ServerSocket() : tlsContext(settings.tls())
                .getServerSocketFactory().createServerSocket();
        if (socket instanceof javax.net.ssl.SSLServerSocket tls && settings.tls().mutual()) {
            tls.setNeedClientAuth(true);
        }
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(settings.bind(), settings.port()), 200);
        return socket;
    }

    static SSLContext tlsContext(MllpSettings.Tls tls) throws IOException {
        try (InputStream in = Files.newInputStream(tls.keystore())) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, tls.password());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, tls.password());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), tls.mutual() ? trust(tls).getTrustManagers() : null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS keystore unusable: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The certificates a mutual-TLS client's certificate must chain to. */
    private static TrustManagerFactory trust(MllpSettings.Tls tls) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(tls.truststore())) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, tls.truststorePassword());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            return trust;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /**
     * Stops accepting, then ends every connection after the message in hand: that message is stored and
     * acknowledged, nothing more is read. Connection threads are never interrupted: the message in hand finishes
     * its commit and gets its ACK.
     */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        open.forEach(MllpConnection::stopReading);
        connections.shutdown();
        try {
            if (!connections.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("mllp: {} connections still busy {} s after close", open.size(), STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
