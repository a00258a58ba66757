package org.fhirgateway.server.consent;

import java.util.Objects;
import java.util.Set;

/**
 * Who is asking, and for what: the one thing every read path (search, read, history, export) must be given.
 * Built by the auth layer from the authenticated client; turned into query predicates by consent rules,
 * so a page of results is already filtered when it leaves the database.
 *
 * @param clientName the configured client name (never a token)
 * @param purposeOfUse HL7 v3 PurposeOfUse code: TREAT, HPAYMT, HOPERAT, PUBHLTH, HRESCH
 * @param scopes SMART scopes granted, e.g. {@code system/Patient.read}, {@code system/*.write}
 * @param deniedSecurityLabels security label codes (system|code) the client may not see
 */
public record AccessContext(String clientName, String purposeOfUse, Set<String> scopes, Set<String> deniedSecurityLabels) {

    public AccessContext {
        Objects.requireNonNull(clientName, "clientName");
        scopes = Set.copyOf(scopes);
        deniedSecurityLabels = Set.copyOf(deniedSecurityLabels);
    }

    /** The gateway itself (ingest, conditional resolution inside a write): sees everything, writes everything. */
    public static AccessContext system() {
        return new AccessContext("gateway", "HOPERAT", Set.of("system/*.read", "system/*.write"), Set.of());
    }

    public boolean canRead(String resourceType) {
        return scopes.contains("system/*.read") || scopes.contains("system/" + resourceType + ".read")
                || scopes.contains("system/*.*") || scopes.contains("system/" + resourceType + ".*");
    }

    public boolean canWrite(String resourceType) {
        return scopes.contains("system/*.write") || scopes.contains("system/" + resourceType + ".write")
                || scopes.contains("system/*.*") || scopes.contains("system/" + resourceType + ".*");
    }
}
