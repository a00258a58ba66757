package org.fhirgateway.server.consent;

import java.util.Objects;
import java.util.Set;

/**
 * Who is asking, and for what: the one thing every read path (read, search, include, history, {@code $everything},
 * export, the admin API) must be given. Built by the auth layer from the authenticated client; turned into query
 * predicates by the store and search layers, so a page of results is already filtered when it leaves the database.
 *
 * @param clientName the configured client name (never a token)
 * @param purposeOfUse HL7 v3 PurposeOfUse of this request: the client's own (TREAT, HPAYMT, HOPERAT, PUBHLTH,
 *     HRESCH), or ETREAT when a client whose policy allows it breaks the glass
 * @param scopes SMART scopes granted, e.g. {@code system/Patient.read}, {@code system/*.write}
 * @param policy the release policy that governs this client and purpose
 * @param organization the recipient organisation the client acts for ({@code Organization/x}), or null; a consent
 *     may name either the client or its organisation
 */
public record AccessContext(String clientName, String purposeOfUse, Set<String> scopes, ReleasePolicy policy,
        String organization) {

    /** The emergency purpose of use: break-the-glass. */
    public static final String EMERGENCY = "ETREAT";

    private static final AccessContext SYSTEM = new AccessContext("gateway", "HOPERAT",
            Set.of("system/*.read", "system/*.write"), ReleasePolicy.unrestricted("gateway"), null);

    /** Resource types only unrestricted policies read: the accounting of disclosures is for the operators. */
    private static final Set<String> OPERATORS_ONLY = Set.of("AuditEvent");

    public AccessContext {
        Objects.requireNonNull(clientName, "clientName");
        Objects.requireNonNull(purposeOfUse, "purposeOfUse");
        Objects.requireNonNull(policy, "policy");
        scopes = Set.copyOf(scopes);
    }

    /** The gateway itself (ingest, conditional resolution inside a write): sees everything, writes everything. */
    public static AccessContext system() {
        return SYSTEM;
    }

    /** Whether this request broke the glass: consent and withheld labels do not apply, and it is flagged for review. */
    public boolean breaksGlass() {
        return EMERGENCY.equals(purposeOfUse);
    }

    /** Whether no consent rule applies to this request (an unrestricted policy, or break-the-glass). */
    public boolean unfiltered() {
        return policy.unrestricted() || breaksGlass();
    }

    /** Whether it is the gateway's own access, which is neither filtered nor audited. */
    public boolean isSystem() {
        return this == SYSTEM;
    }

    /** This request under the emergency purpose; the caller checked that the policy allows it. */
    public AccessContext breakingGlass() {
        return new AccessContext(clientName, EMERGENCY, scopes, policy, organization);
    }

    public boolean canRead(String resourceType) {
        if (OPERATORS_ONLY.contains(resourceType) && !policy.unrestricted()) {
            return false;
        }
        return policy.releasesType(resourceType) && (scopes.contains("system/*.read")
                || scopes.contains("system/" + resourceType + ".read") || scopes.contains("system/*.*")
                || scopes.contains("system/" + resourceType + ".*"));
    }

    public boolean canWrite(String resourceType) {
        if (OPERATORS_ONLY.contains(resourceType)) {
            return false;
        }
        return scopes.contains("system/*.write") || scopes.contains("system/" + resourceType + ".write")
                || scopes.contains("system/*.*") || scopes.contains("system/" + resourceType + ".*");
    }
}
