package org.fhirgateway.server.auth;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.fhirgateway.server.consent.AccessContext;

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
     * @param clients the configured clients
     * @param signingKey HMAC key for access tokens (at least 32 bytes), shared by every node
     * @param lifetime how long an issued access token lives
     * @param publicBaseUrl the externally visible base URL, or null to take it from each request
     */
    public GatewayAuth(List<ClientDefinition> clients, byte[] signingKey, Duration lifetime, String publicBaseUrl) {
        Clock clock = Clock.systemUTC();
        this.clients = new ClientRegistry(clients);
        this.tokens = new AccessTokens(signingKey, lifetime, clock);
        this.authenticator = new BearerAuthenticator(this.clients, tokens);
        this.verifier = new AssertionVerifier(this.clients, new JtiReplayCache(clock, AssertionVerifier.SKEW), clock);
        this.urls = new EndpointUrls(publicBaseUrl);
    }

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

    /** The caller's context for a bearer header value (used by other entry points, e.g. the ingest HTTP endpoint). */
    public Optional<AccessContext> authenticate(String authorizationHeader) {
        return authenticator.authenticate(authorizationHeader);
    }
}
