package org.fhirgateway.server.app;

import java.time.Clock;
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

    private final HttpServer http;

    private Gateway(HttpServer http) {
        this.http = http;
    }

    public static Gateway start(GatewayConfig config) throws Exception {
        byte[] key = SigningKeys.resolve(config.tokens().configuredKey(), config.dataDir());
        GatewayAuth auth = new GatewayAuth(config.clients(), key, config.tokens().lifetime(), config.publicBaseUrl());
        if (auth.staticTokensActive()) {
            LOG.warn("static bearer tokens are active{}: for local development only",
                    config.developmentClients() ? " (built-in development clients, no --config given)" : "");
        }
        String version = new GatewayVersion().getVersion()[0];
        FhirEndpoint fhir = new FhirEndpoint(new FhirEndpoint.EndpointSettings(config.maxRequestBytes(), config.publicBaseUrl(), version));
        HttpServer http = HttpServer.start(config.httpPort(), fhir, auth);
        LOG.info("FHIR endpoint listening on port {} at /fhir", http.port());
        return new Gateway(http);
    }

    /** The HTTP port bound. */
    public int httpPort() {
        return http.port();
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
        http.close();
        LOG.info("gateway stopped at {}", Clock.systemUTC().instant());
    }
}
