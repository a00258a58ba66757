package org.fhirgateway.server.auth;

import java.util.Optional;
import java.util.Set;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.consent.ReleasePolicies;

/**
 * Turns an {@code Authorization: Bearer} value into the caller's AccessContext: either a static token of a
 * configured client (all its scopes) or an access token from the token endpoint (the scopes it was granted,
 * and only while the client is still configured).
 */
final class BearerAuthenticator {

    private static final String PREFIX = "bearer ";

    private final ClientRegistry clients;
    private final AccessTokens tokens;
    private final ReleasePolicies policies;

    BearerAuthenticator(ClientRegistry clients, AccessTokens tokens, ReleasePolicies policies) {
        this.clients = clients;
        this.tokens = tokens;
        this.policies = policies;
    }

    Optional<AccessContext> authenticate(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() <= PREFIX.length()
                || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String token = authorizationHeader.substring(PREFIX.length()).trim();
        Optional<AccessContext> fromStatic = clients.byStaticToken(token).map(c -> context(c, c.scopes()));
        if (fromStatic.isPresent()) {
            return fromStatic;
        }
        return tokens.verify(token).flatMap(v -> clients.byName(v.clientName())
                .map(c -> context(c, Scopes.grant(v.scopes(), c.scopes()))));
    }

    /** A configured client's context with all its scopes, as its static token would give (for deliveries to it). */
    Optional<AccessContext> ofClient(String clientName) {
        return clients.byName(clientName).map(c -> context(c, c.scopes()));
    }

    /**
     * The context of a client as it is configured now, with at most the scopes it was granted then, under the
     * purpose it asked for then (its own, or break-the-glass if its policy still allows it); empty when the client
     * is gone or the purpose no longer allowed. For work that outlives its request (a Bulk Data export job).
     */
    Optional<AccessContext> again(String clientName, String purpose, Set<String> grantedScopes) {
        return clients.byName(clientName).map(c -> context(c, Scopes.grant(grantedScopes, c.scopes())))
                .flatMap(ctx -> purpose.equals(ctx.purposeOfUse()) ? Optional.of(ctx)
                        : AccessContext.EMERGENCY.equals(purpose) && ctx.policy().breakTheGlass()
                        ? Optional.of(ctx.breakingGlass()) : Optional.empty());
    }

    private AccessContext context(ClientDefinition client, Set<String> scopes) {
        return new AccessContext(client.name(), client.purposeOfUse(), scopes,
                policies.forClient(client.name(), client.purposeOfUse()), client.organization());
    }
}
