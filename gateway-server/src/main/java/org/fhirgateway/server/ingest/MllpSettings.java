package org.fhirgateway.server.ingest;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * @param port TCP port (0 picks a free one)
 * @param bind the local address to listen on (loopback unless configured otherwise)
 * @param readTimeout the longest one message may take to arrive once its first byte came (slow senders)
 * @param idleTimeout how long a connection may stay silent between messages (zero: forever)
 * @param maxConnections connections served at once; more are closed on accept
 * @param maxPerSource connections one source address may hold at once; more are closed on accept
 * @param allowedSenders source addresses allowed to connect; empty: any
 * @param tls keystore for TLS, or null for plain TCP
 */
public record MllpSettings(int port, InetAddress bind, Duration readTimeout, Duration idleTimeout, int maxConnections,
        int maxPerSource, List<AddressRange> allowedSenders, Tls tls) {

    public MllpSettings {
        allowedSenders = List.copyOf(allowedSenders);
    }

    /**
     * A PKCS12 or JKS keystore holding the server key and certificate. With a truststore, TLS is mutual: a client
     * must present a certificate it trusts, and a client whose certificate's CN is a key of {@code senders} may only
     * send messages whose MSH-4 (sending facility, first component) is the value.
     */
    public record Tls(Path keystore, char[] password, Path truststore, char[] truststorePassword,
            Map<String, String> senders) {

        public Tls {
            senders = Map.copyOf(senders);
        }

        public Tls(Path keystore, char[] password) {
            this(keystore, password, null, null, Map.of());
        }

        boolean mutual() {
            return truststore != null;
        }
    }

    public static MllpSettings defaults() {
        return new MllpSettings(2575, InetAddress.getLoopbackAddress(), Duration.ofSeconds(30), Duration.ofMinutes(5),
                512, 32, List.of(), null);
    }

    public MllpSettings withPort(int newPort) {
        return new MllpSettings(newPort, bind, readTimeout, idleTimeout, maxConnections, maxPerSource, allowedSenders,
                tls);
    }

    public MllpSettings withReadTimeout(Duration timeout) {
        return new MllpSettings(port, bind, timeout, idleTimeout, maxConnections, maxPerSource, allowedSenders, tls);
    }

    public MllpSettings withIdleTimeout(Duration timeout) {
        return new MllpSettings(port, bind, readTimeout, timeout, maxConnections, maxPerSource, allowedSenders, tls);
    }

    public MllpSettings withLimits(int total, int perSource) {
        return new MllpSettings(port, bind, readTimeout, idleTimeout, total, perSource, allowedSenders, tls);
    }

    public MllpSettings withAllowedSenders(List<AddressRange> ranges) {
        return new MllpSettings(port, bind, readTimeout, idleTimeout, maxConnections, maxPerSource, ranges, tls);
    }

    public MllpSettings withTls(Tls newTls) {
        return new MllpSettings(port, bind, readTimeout, idleTimeout, maxConnections, maxPerSource, allowedSenders,
                newTls);
    }
}
