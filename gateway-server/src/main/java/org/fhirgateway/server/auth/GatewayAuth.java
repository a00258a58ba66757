package org.fhirgateway.server.auth;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.consent.ReleasePolicies;

/**
 * The auth package's public face: the filter guarding the FHIR endpoint, the token endpoint and the SMART
 * configuration document, built from the configured clients and the token signing key.
 */
public final class GatewayAuth {

    /** The request attribute under which the authenticated caller's AccessContext is left. */
    public static final String ACCESS_CONTEXT_ATTRIBUTE = AuthFilter.ACCESS_CONTEXT;
    public static final String TOKEN_PATH = EndpointUrls.TOKEN_PATH;

    private final ClientRegistry clients;
    private final BearerAuthenticator authenticator;
    private final AssertionVerifier verifier;
    private final AccessTokens tokens;
    private final EndpointUrls urls;

    /**
     * @param settings the configured clients and token settings
     * @param usedAssertions the shared (migrated) database where used assertion ids are kept, or null to keep
     *     them in this node's memory only
     */
    public GatewayAuth(Settings settings, DataSource usedAssertions) {
        Clock clock = Clock.systemUTC();
        this.clients = new ClientRegistry(settings.clients());
        this.tokens = new AccessTokens(settings.signingKey(), settings.lifetime(), clock);
        this.authenticator = new BearerAuthenticator(this.clients, tokens, settings.policies());
        JtiStore jtis;
        if (usedAssertions == null) {
            jtis = new JtiReplayCache(clock, AssertionVerifier.SKEW);
        } else {
            jtis = new DatabaseJtiStore(usedAssertions, clock, AssertionVerifier.SKEW);
        }
        this.verifier = new AssertionVerifier(this.clients, jtis, clock);
        this.urls = new EndpointUrls(settings.publicBaseUrl());
    }

    /**
     * @param clients the configured clients
     * @param signingKey HMAC key for access tokens (at least 32 bytes), shared by every node
     * @param lifetime how long an issued access token lives
     * @param publicBaseUrl the externally visible base URL, or null to take it from each request
     * @param policies the release policies: each caller's AccessContext carries the one that governs it
     */
    public record Settings(List<ClientDefinition> clients, byte[] signingKey, Duration lifetime, String publicBaseUrl,
            ReleasePolicies policies) {}

    public Filter filter() {
        return new AuthFilter(authenticator);
    }

    public HttpServlet tokenEndpoint() {
        return new TokenEndpointServlet(verifier, tokens, urls);
    }

    public HttpServlet smartConfiguration() {
        return new SmartConfigurationServlet(urls);
    }

    public boolean staticTokensActive() {
        return clients.hasStaticTokens();
    }

    /**
     * The context of a configured client by name, from the current configuration and release policies, with every
     * scope it is configured with: what the gateway acts under when it sends data to that client unasked (a
     * subscription's notifications). Empty when no such client is configured.
     */
    public Optional<AccessContext> clientContext(String clientName) {
        return authenticator.ofClient(clientName);
    }

    /** See {@link BearerAuthenticator#again}: a stored request's caller, rebuilt from the current configuration. */
    public Optional<AccessContext> contextAgain(String clientName, String purpose, java.util.Set<String> scopes) {
        return authenticator.again(clientName, purpose, scopes);
    }

    /** The caller's context for a bearer header value (used by other entry points, e.g. the ingest HTTP endpoint). */
    public Optional<AccessContext> authenticate(String authorizationHeader) {
        return authenticator.authenticate(authorizationHeader);
    }
}
