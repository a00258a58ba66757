package org.fhirgateway.server.ingest;

import java.util.Optional;
import org.fhirgateway.server.consent.AccessContext;

/**
 * Who is calling an ingest HTTP endpoint, from its {@code Authorization} header (null when absent). Declared here
 * by its consumer; the auth package's {@code GatewayAuth::authenticate} fits it.
 */
@FunctionalInterface
public interface Authenticator {

    Optional<AccessContext> authenticate(String authorizationHeader);

    /** Admin operations need read and write on everything. */
    static boolean isAdmin(AccessContext ctx) {
        return ctx.scopes().contains("system/*.*")
                || ctx.scopes().contains("system/*.read") && ctx.scopes().contains("system/*.write");
    }

    /** Sending v2 messages needs some write scope. */
    static boolean canSend(AccessContext ctx) {
        return ctx.scopes().stream().anyMatch(s -> s.startsWith("system/") && (s.endsWith(".write") || s.endsWith(".*")));
    }
}
