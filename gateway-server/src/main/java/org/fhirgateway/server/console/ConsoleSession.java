package org.fhirgateway.server.console;

import org.fhirgateway.server.consent.AccessContext;

/**
 * One signed-in console user: the configured client it signed in as (its AccessContext, the same the API builds
 * for that client's token) and the per-session CSRF token every state-changing form must carry. Never holds the
 * token the user typed.
 *
 * @param id the cookie value: 256 random bits, base64url
 * @param caller what every read of this session goes through
 * @param csrf the hidden {@code csrf} field value of this session's forms
 */
public record ConsoleSession(String id, AccessContext caller, String csrf) {

    /** The client name shown in the header. */
    public String clientName() {
        return caller.clientName();
    }

    /** Whether the client holds the admin scopes (read and write on everything): replay, skip and other actions. */
    public boolean admin() {
        return caller.scopes().contains("system/*.*")
                || caller.scopes().contains("system/*.read") && caller.scopes().contains("system/*.write");
    }

    @Override
    public String toString() {
        return "ConsoleSession[" + caller.clientName() + "]"; // never the id or the CSRF token
    }
}
