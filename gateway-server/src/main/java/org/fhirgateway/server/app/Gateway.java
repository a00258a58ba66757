package org.fhirgateway.server.app;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.fhirgateway.mappers.MapperConfig;
import org.fhirgateway.mappers.MessageMapper;
import org.fhirgateway.server.ingest.IngestSettings;
import org.fhirgateway.server.ingest.IngestStack;
import org.fhirgateway.server.ingest.MllpSettings;
import org.fhirgateway.server.ingest.StoreApplier;
import org.fhirgateway.server.ingest.Warmup;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.TokenSigner;
import org.fhirgateway.server.auth.GatewayAuth;
import org.fhirgateway.server.auth.SigningKeys;
import org.fhirgateway.server.rest.FhirEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway node, wired from a {@link GatewayConfig}: database, auth, FHIR endpoint, HTTP server.
 * {@link #close()} stops accepting requests, lets those in flight finish, then closes the database.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final int POOL_SIZE = 16;

    private final HttpServer http;
    private final Database database;
    private final IngestStack ingest;
    private final int mllpPort;

    private Gateway(HttpServer http, Database database, IngestStack ingest, int mllpPort) {
        this.http = http;
        this.database = database;
        this.ingest = ingest;
        this.mllpPort = mllpPort;
    }

    public static Gateway start(GatewayConfig config) throws Exception {
        ListenerSettings.refuseExampleTokensBeyondLoopback(config.bind(), config.clients());
        DataDirectory.prepare(config.dataDir());
        byte[] key = SigningKeys.resolve(config.tokens().configuredKey(), config.dataDir());
        if (config.tokens().configuredKey().isEmpty() && !config.database().jdbcUrl().startsWith("jdbc:h2:")) {
            LOG.warn("access tokens are signed with the node-local key in {}; every node sharing this database must be "
                    + "given the same GATEWAY_TOKEN_SIGNING_KEY", config.dataDir());
        }
        GatewayConfig.DatabaseSettings db = config.database();
        Database database = Database.open(new Database.Settings(db.jdbcUrl(), db.user(), db.password(), POOL_SIZE));
        try {
            return start(config, database, key);
        } catch (Exception | Error e) {
            database.close();
            throw e;
        }
    }

    private static Gateway start(GatewayConfig config, Database database, byte[] key) throws Exception {
        GatewayAuth auth = new GatewayAuth(new GatewayAuth.Settings(config.clients(), key, config.tokens().lifetime(),
                config.publicBaseUrl()), database.dataSource());
        if (auth.staticTokensActive()) {
            LOG.warn("static bearer tokens are active{}: for local development only",
                    config.developmentClients() ? " (built-in development clients, no --config given)" : "");
        }
        String version = new GatewayVersion().getVersion()[0];
        StorageEngine engine = StorageEngine.open(database, FhirContext.forR4Cached(), new TokenSigner(pageTokenKey(key)));
        FhirEndpoint fhir = new FhirEndpoint(
                new FhirEndpoint.EndpointSettings(config.maxRequestBytes(), config.publicBaseUrl(), version), engine);
        GatewayConfig.V2Settings v2 = config.v2();
        LOG.info("HL7 v2: {} acknowledgments; timestamps without a UTC offset are read in zone {}; "
                + "messages without MSH-18 are read as {}", v2.ackMode(), v2.defaultZone(), v2.defaultCharset());
        MessageMapper mapper = new MessageMapper(MapperConfig.defaults().withDefaultZone(v2.defaultZone()));
        StoreApplier applier = new StoreApplier(mapper, engine, FhirContext.forR4Cached());
        IngestStack ingest = IngestStack.start(database.dataSource(), applier, ingestSettings(v2));
        try {
            // before the listeners open: the first sender must not wait for class loading and first statements
            Warmup.run(database.dataSource(), applier, ingest.service());
            int mllp = ingest.listen(mllpSettings(config, v2));
            HttpServer http = HttpServer.start(config.bind(), config.httpPort(), config.maxRequestBytes(), fhir, auth,
                    context -> ingest.mount(context, auth::authenticate, mapper));
            LOG.info("FHIR endpoint listening on port {} at /fhir ({})", http.port(), database.dialect().getClass().getSimpleName());
            return new Gateway(http, database, ingest, mllp);
        } catch (Exception | Error e) {
            ingest.close();
            throw e;
        }
    }

    private static IngestStack.Settings ingestSettings(GatewayConfig.V2Settings v2) {
        IngestStack.Settings defaults = IngestStack.Settings.defaults(nodeName());
        IngestSettings ingest = new IngestSettings(v2.ackMode(), v2.defaultCharset(), v2.applyWait(), v2.maxMessageBytes());
        return new IngestStack.Settings(ingest, defaults.workers());
    }

    private static MllpSettings mllpSettings(GatewayConfig config, GatewayConfig.V2Settings v2) {
        GatewayConfig.MllpAccess access = v2.mllp();
        MllpSettings.Tls tls = v2.mllpTlsKeystore() == null ? null
                : new MllpSettings.Tls(v2.mllpTlsKeystore(), v2.mllpTlsPassword().toCharArray(), access.truststore(),
                        access.truststore() == null ? null : access.truststorePassword().toCharArray(),
                        access.certificateSenders());
        return new MllpSettings(config.mllpPort(), config.bind(), v2.mllpReadTimeout(), v2.mllpIdleTimeout(),
                access.maxConnections(), access.maxPerSource(), access.allowedSenders(), tls);
    }

    /** Page tokens are signed with a key derived from the token key, so every node accepts every node's links. */
    private static byte[] pageTokenKey(byte[] tokenKey) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(tokenKey, "HmacSHA256"));
        return mac.doFinal("fhir-gateway page tokens".getBytes(StandardCharsets.UTF_8));
    }

    /** The HTTP port bound. */
    public int httpPort() {
        return http.port();
    }

    /** The MLLP port bound. */
    public int mllpPort() {
        return mllpPort;
    }

    private static String nodeName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        } catch (java.net.UnknownHostException e) {
            return "node-" + ProcessHandle.current().pid();
        }
    }

    /** {@code http://localhost:<port>/fhir}. */
    public String fhirBaseUrl() {
        return "http://localhost:" + httpPort() + FhirEndpoint.FHIR_PATH;
    }

    void awaitStop() throws InterruptedException {
        http.join();
    }

    @Override
    public void close() throws Exception {
        try {
            ingest.stopListening();   // MLLP: the message in hand is stored and acknowledged, no more is read
            http.close();             // HTTP: requests in flight finish (in ORIGINAL mode after their apply)
            ingest.close();           // the workers finish the message in hand and release their lanes
        } finally {
            database.close();
        }
        LOG.info("gateway stopped at {}", Clock.systemUTC().instant());
    }
}
