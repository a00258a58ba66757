package org.fhirgateway.server.app;

import java.net.InetAddress;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fhirgateway.server.auth.ClientDefinition;
import org.fhirgateway.server.consent.ReleasePolicies;
import org.fhirgateway.server.ingest.AckMode;
import org.fhirgateway.server.ingest.AddressRange;

/**
 * The resolved configuration of one gateway node: every setting already merged from flags, environment, file
 * and defaults. Nothing outside {@code server.app} reads configuration; components are handed what they need.
 *
 * @param httpPort port of the HTTP server (0 picks a free port)
 * @param mllpPort port of the MLLP listener (stored for the ingest side)
 * @param dataDir folder for the embedded PostgreSQL and the persisted token signing key
 * @param database how to reach the database
 * @param maxRequestBytes largest request body accepted; larger ones get 413
 * @param publicBaseUrl the URL clients use to reach this node (e.g. behind a proxy), or null to use the request's
 * @param tokens how access tokens are signed and how long they live
 * @param clients the clients that may call the API
 * @param developmentClients true when the built-in clients with static development tokens are active
 * @param v2 how HL7 v2 messages are received and acknowledged
 * @param bind the local address the HTTP and MLLP listeners bind (loopback unless configured otherwise)
 * @param releasePolicies what each client may be given, for which purpose (docs/consent.md)
 * @param subscriptions how Subscription notifications are retried and given up (docs/subscriptions.md)
 * @param export Bulk Data export: file size, lifetime, sweep, threads (docs/export.md)
 */
public record GatewayConfig(
        int httpPort, int mllpPort, Path dataDir, DatabaseSettings database, long maxRequestBytes,
        String publicBaseUrl, TokenSettings tokens, List<ClientDefinition> clients, boolean developmentClients,
        V2Settings v2, InetAddress bind, ReleasePolicies releasePolicies, SubscriptionRetries subscriptions,
        ExportSettings export, OpsSettings ops) {

    /**
     * Operations (docs/operations.md): who may scrape /metrics, which senders metric labels name, the log format.
     */
    public record OpsSettings(List<AddressRange> metricsAllowedFrom, List<String> metricsSenders, String logFormat) {
        public OpsSettings {
            metricsAllowedFrom = List.copyOf(metricsAllowedFrom);
            metricsSenders = List.copyOf(metricsSenders);
        }
    }

    public GatewayConfig {
        clients = List.copyOf(clients);
        java.util.Objects.requireNonNull(releasePolicies, "releasePolicies");
    }

    /**
     * @param giveUpAfter how long a receiver may keep failing before its Subscription is marked error
     * @param retryInitial the first retry's delay (doubling up to {@code retryMax})
     * @param retryMax the longest delay between two attempts
     * @param workers delivery threads per node
     */
    public record SubscriptionRetries(Duration giveUpAfter, Duration retryInitial, Duration retryMax, int workers) {
    }

    /**
     * @param resourcesPerFile a type's output is split into NDJSON files of at most this many resources
     * @param fileLifetime how long a finished export's files stay before the sweep removes them
     * @param sweepInterval how often expired and cancelled exports are removed
     * @param workers export threads per node
     */
    public record ExportSettings(int resourcesPerFile, Duration fileLifetime, Duration sweepInterval, int workers) {
    }

    public Optional<String> publicBase() {
        return Optional.ofNullable(publicBaseUrl);
    }

    /**
     * Where the database is: an external PostgreSQL by JDBC URL (user and password may be null for trust
     * authentication or credentials in the URL), or, with a null URL, the embedded server in the data folder.
     */
    public record DatabaseSettings(String jdbcUrl, String user, String password) {

        /** True for the embedded PostgreSQL the gateway runs itself under {@code <data-dir>/postgres}. */
        public boolean embedded() {
            return jdbcUrl == null;
        }

        @Override
        public String toString() {
            return "DatabaseSettings[" + (embedded() ? "embedded" : jdbcUrl.replaceAll("password=[^&]*", "password=***")) + "]";
        }
    }

    /**
     * @param signingKey base64 HMAC key shared by every node of one deployment, or null to use (and create) the key
     *     persisted in the data folder
     * @param lifetime how long an access token from the token endpoint is valid
     */
    public record TokenSettings(String signingKey, Duration lifetime) {
        public Optional<String> configuredKey() {
            return Optional.ofNullable(signingKey);
        }

        @Override
        public String toString() {
            return "TokenSettings[lifetime=" + lifetime + ", key=" + (signingKey == null ? "data dir" : "configured") + "]";
        }
    }

    /**
     * @param maxConnections MLLP connections served at once
     * @param maxPerSource MLLP connections one source address may hold
     * @param allowedSenders CIDR ranges allowed to connect (empty: any)
     * @param truststore with it, MLLP TLS is mutual: clients must present a certificate this store trusts
     * @param truststorePassword its password
     * @param certificateSenders client certificate CN to the sending facility (MSH-4) it may send as
     */
    public record MllpAccess(int maxConnections, int maxPerSource, List<AddressRange> allowedSenders, Path truststore,
            String truststorePassword, Map<String, String> certificateSenders) {
        public MllpAccess {
            allowedSenders = List.copyOf(allowedSenders);
            certificateSenders = Map.copyOf(certificateSenders);
        }

        @Override
        public String toString() {
            return "MllpAccess[" + maxConnections + ", " + maxPerSource + " per source, allowed=" + allowedSenders
                    + ", mutualTls=" + (truststore != null) + "]";
        }
    }

    /**
     * @param ackMode ORIGINAL (acknowledge after applying) or IMMEDIATE (after storing); MSH-15/16 select enhanced mode
     * @param defaultCharset for messages without MSH-18
     * @param defaultZone the zone of v2 timestamps that carry no UTC offset
     * @param maxMessageBytes the largest message accepted (MLLP frame or HTTP body); larger ones are refused
     * @param applyWait in ORIGINAL mode, how long a sender waits for the apply before it gets AA (the message is held)
     * @param mllpReadTimeout the longest one message may take to arrive once it has started
     * @param mllpIdleTimeout how long a connection may stay silent between messages (zero: forever)
     * @param mllpTlsKeystore a PKCS12/JKS keystore to serve MLLP over TLS, or null for plain TCP
     * @param mllpTlsPassword the keystore password
     * @param mllp connection limits, allow-list and mutual TLS of the MLLP listener
     * @param demographicsSenders senders (MSH-3 or MSH-4) whose every message owns the Patient's demographics; any
     *     other sender's non-ADT messages only fill gaps ({@code v2DemographicsSenders}, docs/ingest.md)
     * @param validateMapped whether each mapped bundle is validated before it is stored ({@code v2ValidateMapped})
     */
    public record V2Settings(AckMode ackMode, Charset defaultCharset, ZoneId defaultZone, int maxMessageBytes,
            Duration applyWait, Duration mllpReadTimeout, Duration mllpIdleTimeout, Path mllpTlsKeystore,
            String mllpTlsPassword, MllpAccess mllp, org.fhirgateway.server.ingest.UnsupportedAcks unsupportedAcks,
            java.util.List<String> demographicsSenders, boolean validateMapped) {
        @Override
        public String toString() {
            return "V2Settings[" + ackMode + ", " + defaultCharset + ", " + defaultZone + ", tls="
                    + (mllpTlsKeystore != null) + "]";
        }
    }
}
