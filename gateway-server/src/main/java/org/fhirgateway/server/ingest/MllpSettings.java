package org.fhirgateway.server.ingest;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param port TCP port (0 picks a free one)
 * @param readTimeout the longest one message may take to arrive once its first byte came (slow senders)
 * @param idleTimeout how long a connection may stay silent between messages (zero: forever)
 * @param maxConnections connections served at once; more are closed on accept
 * @param tls keystore for TLS, or null for plain TCP
 */
public record MllpSettings(int port, Duration readTimeout, Duration idleTimeout, int maxConnections, Tls tls) {

    /** A PKCS12 or JKS keystore holding the server key and certificate. */
    public record Tls(Path keystore, char[] password) {
    }

    public static MllpSettings defaults() {
        return new MllpSettings(2575, Duration.ofSeconds(30), Duration.ZERO, 512, null);
    }

    public MllpSettings withPort(int newPort) {
        return new MllpSettings(newPort, readTimeout, idleTimeout, maxConnections, tls);
    }

    public MllpSettings withReadTimeout(Duration timeout) {
        return new MllpSettings(port, timeout, idleTimeout, maxConnections, tls);
    }

    public MllpSettings withTls(Tls newTls) {
        return new MllpSettings(port, readTimeout, idleTimeout, maxConnections, newTls);
    }
}
