package org.fhirgateway.server.app;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.fhirgateway.mappers.MapperConfig;
import org.fhirgateway.mappers.MappingResult;
import org.fhirgateway.mappers.MessageMapper;
import org.fhirgateway.server.auth.GatewayAuth;
import org.fhirgateway.server.auth.SigningKeys;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.fhirgateway.server.consent.Release;
import org.fhirgateway.server.console.Console;
import org.fhirgateway.server.console.ConsolePage;
import org.fhirgateway.server.console.messages.MessagesPage;
import org.fhirgateway.server.console.records.RecordsPages;
import org.fhirgateway.server.export.BulkExport;
import org.fhirgateway.server.ingest.IngestSettings;
import org.fhirgateway.server.ingest.IngestStack;
import org.fhirgateway.server.ingest.MappingFindings;
import org.fhirgateway.server.ingest.MllpSettings;
import org.fhirgateway.server.ingest.StoreApplier;
import org.fhirgateway.server.ingest.Warmup;
import org.fhirgateway.server.ops.Operations;
import org.fhirgateway.server.report.Census;
import org.fhirgateway.server.report.CodingAbstract;
import org.fhirgateway.server.report.TaskClosure;
import org.fhirgateway.server.report.WorkList;
import org.fhirgateway.server.rest.FhirEndpoint;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.store.BusinessKeyConflictException;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.TokenSigner;
import org.fhirgateway.server.subscription.SubscriptionSettings;
import org.fhirgateway.server.subscription.Subscriptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway node, wired from a {@link GatewayConfig}: database, auth, FHIR endpoint, HTTP server.
 * {@link #close()} stops accepting requests, lets those in flight finish, then closes the database.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final int POOL_SIZE = 16;
    private static final java.util.concurrent.atomic.AtomicInteger NODES_STARTED = new java.util.concurrent.atomic.AtomicInteger();

    private final HttpServer http;
    private final DatabaseServer databaseServer;
    private final IngestStack ingest;
    private final int mllpPort;
    private final Subscriptions subscriptions;
    private final BulkExport export;

    private final Operations ops;

    private Gateway(HttpServer http, DatabaseServer databaseServer, IngestStack ingest, int mllpPort,
            Subscriptions subscriptions, BulkExport export, Operations ops) {
        this.ops = ops;
        this.subscriptions = subscriptions;
        this.export = export;
        this.http = http;
        this.databaseServer = databaseServer;
        this.ingest = ingest;
        this.mllpPort = mllpPort;
    }

    public static Gateway start(GatewayConfig config) throws Exception {
        ListenerSettings.refuseExampleTokensBeyondLoopback(config.bind(), config.clients());
        DataDirectory.prepare(config.dataDir());
        if (config.tokens().configuredKey().isEmpty() && !config.database().embedded()) {
            LOG.warn("access tokens are signed with the node-local key in {}; every node sharing this database must be "
                    + "given the same GATEWAY_TOKEN_SIGNING_KEY", config.dataDir());
        }
        DatabaseServer databaseServer = DatabaseServer.start(config, POOL_SIZE);
        try {
            byte[] key = SigningKeys.resolve(config.tokens().configuredKey(), config.dataDir());
            return start(config, databaseServer, key);
        } catch (Exception | Error e) {
            databaseServer.close();
            throw e;
        }
    }

    private static Gateway start(GatewayConfig config, DatabaseServer databaseServer, byte[] key) throws Exception {
        Database database = databaseServer.database();
        GatewayAuth auth = new GatewayAuth(new GatewayAuth.Settings(config.clients(), key, config.tokens().lifetime(),
                config.publicBaseUrl(), config.releasePolicies()), database.dataSource());
        if (auth.staticTokensActive()) {
            LOG.warn("static bearer tokens are active{}: for local development only",
                    config.developmentClients() ? " (built-in development clients, no --config given)" : "");
        }
        String version = new GatewayVersion().getVersion()[0];
        StorageEngine engine = StorageEngine.open(database, FhirContext.forR4Cached(), new TokenSigner(pageTokenKey(key)));
        GatewayConfig.V2Settings v2 = config.v2();
        Clock clock = Clock.systemUTC();
        FhirEndpoint.Reports reports = new FhirEndpoint.Reports(
                new Census(engine.store(), engine.search(), v2.defaultZone()),
                new CodingAbstract(engine.store(), engine.search(), v2.defaultZone()),
                new TaskClosure(engine.store(), clock));
        byte[] pseudonymKey = derivedKey(key, "fhir-gateway pseudonyms");
        Subscriptions subscriptions = subscriptions(config, database, engine, auth, pseudonymKey);
        GatewayConfig.ExportSettings exportSettings = config.export();
        BulkExport export = BulkExport.start(database, engine, new Release(pseudonymKey, clock),
                auth::contextAgain, new BulkExport.Settings(config.dataDir().resolve("export"),
                        FhirEndpoint.RESOURCE_TYPES, exportSettings.resourcesPerFile(), exportSettings.fileLifetime(),
                        exportSettings.sweepInterval(), exportSettings.workers()), clock);
        FhirEndpoint fhir = new FhirEndpoint(
                new FhirEndpoint.EndpointSettings(config.maxRequestBytes(), config.publicBaseUrl(), version,
                        pseudonymKey), engine, reports, subscriptions, export);
        LOG.info("HL7 v2: {} acknowledgments; timestamps without a UTC offset are read in zone {}; "
                + "messages without MSH-18 are read as {}", v2.ackMode(), v2.defaultZone(), v2.defaultCharset());
        MessageMapper mapper = new MessageMapper(MapperConfig.defaults().withDefaultZone(v2.defaultZone()));
        WorkList workList = new WorkList(engine.search(), clock);
        MappingFindings findings = new MappingFindings() {
            @Override
            public Writer inspect(MappingResult result) {
                return workList.inspect(result)::write;
            }

            @Override
            public void refused(MappingResult result, BusinessKeyConflictException conflict) {
                workList.recordConflict(engine.store(), result, conflict);
            }
        };
        StoreApplier applier = new StoreApplier(mapper, engine, FhirContext.forR4Cached(),
                new StoreApplier.Options(findings, v2.demographicsSenders(), mappedValidation(v2)));
        GatewayConfig.OpsSettings opsSettings = config.ops();
        Operations ops = Operations.open(new Operations.Settings(opsSettings.metricsAllowedFrom(),
                opsSettings.metricsSenders()), database.dataSource());
        IngestStack ingest = IngestStack.start(database.dataSource(), applier, ingestSettings(v2), ops.ingestEvents());
        try {
            // before the listeners open: the first sender must not wait for class loading and first statements
            Warmup.run(database.dataSource(), applier, ingest.service());
            int mllp = ingest.listen(mllpSettings(config, v2));
            ops.listener("mllp", ingest::listening);
            RecordsPages records = new RecordsPages(engine, database.dataSource(), reports.census(),
                    reports.closure(), new Release(pseudonymKey, clock), v2.defaultZone(), clock);
            HttpServer http = HttpServer.start(config.bind(), config.httpPort(), config.maxRequestBytes(), fhir, auth,
                    context -> {
                        ingest.mount(context, auth::authenticate, mapper);
                        ops.mount(context, FhirEndpoint.FHIR_PATH, java.util.Set.copyOf(FhirEndpoint.RESOURCE_TYPES));
                        mountConsole(context, console(auth, ingest, records));
                    });
            ops.serving(http.server());
            LOG.info("FHIR endpoint listening on port {} at /fhir ({})", http.port(), databaseServer.describe());
            subscriptions.start();
            return new Gateway(http, databaseServer, ingest, mllp, subscriptions, export, ops);
        } catch (Exception | Error e) {
            export.close();
            ingest.close();
            ops.close();
            throw e;
        }
    }

    /** The web console's pages, in the order of its navigation (docs/console.md). */
    private static Console console(GatewayAuth auth, IngestStack ingest, RecordsPages records) {
        List<ConsolePage> pages = new java.util.ArrayList<>();
        pages.add(new MessagesPage(ingest.admin()));
        pages.addAll(records.pages());
        return new Console(token -> auth.authenticate("Bearer " + token), pages);
    }

    private static void mountConsole(ServletContextHandler context, Console console) {
        java.util.EnumSet<DispatcherType> requests = java.util.EnumSet.of(DispatcherType.REQUEST);
        context.addFilter(new FilterHolder(console.filter()), Console.PATH + "/*", requests);
        context.addServlet(new ServletHolder(console.servlet()), Console.PATH + "/*");
    }

    private static Subscriptions subscriptions(GatewayConfig config, Database database, StorageEngine engine,
            GatewayAuth auth, byte[] pseudonymKey) {
        GatewayConfig.SubscriptionRetries retries = config.subscriptions();
        List<String> types = FhirEndpoint.RESOURCE_TYPES.stream()
                .filter(t -> !"AuditEvent".equals(t) && !"Subscription".equals(t)).toList();
        SubscriptionSettings settings = new SubscriptionSettings(types, retries.giveUpAfter(), retries.retryInitial(),
                retries.retryMax(), retries.workers(), Duration.ofMillis(25));
        return new Subscriptions(database, engine, new Release(pseudonymKey, Clock.systemUTC()),
                auth::clientContext, settings);
    }

    private static IngestStack.Settings ingestSettings(GatewayConfig.V2Settings v2) {
        IngestStack.Settings defaults = IngestStack.Settings.defaults(nodeName());
        IngestSettings ingest = new IngestSettings(v2.ackMode(), v2.defaultCharset(), v2.applyWait(), v2.maxMessageBytes(),
                v2.unsupportedAcks());
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
        return derivedKey(tokenKey, "fhir-gateway page tokens");
    }

    /** A key of its own for one use, derived from the token key (so every node derives the same). */
    private static byte[] derivedKey(byte[] tokenKey, String use) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(tokenKey, "HmacSHA256"));
        return mac.doFinal(use.getBytes(StandardCharsets.UTF_8));
    }

    /** The HTTP port bound. */
    public int httpPort() {
        return http.port();
    }

    /** The MLLP port bound. */
    public int mllpPort() {
        return mllpPort;
    }

    /** Unique per database: host, process and, for several gateways in one JVM (tests), a count. */
    private static String nodeName() {
        int n = NODES_STARTED.incrementAndGet();
        String count = n == 1 ? "" : "-" + n;
        try {
            return java.net.InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid() + count;
        } catch (java.net.UnknownHostException e) {
            return "node-" + ProcessHandle.current().pid() + count;
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
            export.close();           // export threads stop after their page; the parts resume on any node
            http.close();             // HTTP: requests in flight finish (in ORIGINAL mode after their apply)
            ingest.close();           // the workers finish the message in hand and release their lanes
            subscriptions.close();    // a delivery in flight is abandoned: redelivered after its lease
            ops.close();
        } finally {
            databaseServer.close();   // the pool, then the embedded PostgreSQL (fast shutdown), last of all
        }
        LOG.info("gateway stopped at {}", Clock.systemUTC().instant());
    }

    /** {@code v2ValidateMapped}: the profiles module's validator over each mapped bundle, built once here. */
    private static org.fhirgateway.server.ingest.MappedValidation mappedValidation(GatewayConfig.V2Settings v2) {
        if (!v2.validateMapped()) {
            return org.fhirgateway.server.ingest.MappedValidation.NONE;
        }
        LOG.info("HL7 v2: each mapped bundle is validated against R4 and the gateway profiles before it is stored");
        org.fhirgateway.profiles.ResourceValidator validator = org.fhirgateway.profiles.ResourceValidator.shared();
        return validator::errors;
    }
}
