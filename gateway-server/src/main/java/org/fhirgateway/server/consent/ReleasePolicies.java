package org.fhirgateway.server.consent;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured release policies, in order: the first that governs a client and a purpose of use applies. When the
 * configuration has none, {@link #defaults()} apply; a client no policy governs gets {@link #FALLBACK}, which
 * withholds every sensitive category and every restricted record.
 */
public final class ReleasePolicies {

    /** Withholds what any sensitive-data rule would: the safe answer for a client nobody wrote a policy for. */
    public static final ReleasePolicy FALLBACK = new ReleasePolicy("fallback", Set.of(), Set.of(), Set.of(),
            sensitiveAndRestricted(), List.of(), false, false, false);

    private final List<ReleasePolicy> policies;

    public ReleasePolicies(List<ReleasePolicy> policies) {
        this.policies = List.copyOf(policies);
    }

    /**
     * The built-in policies (the same as {@code config/gateway.example.yaml}): operations unrestricted; treatment
     * sees sensitive data but not very restricted records, and may break the glass; payment, public health and
     * research are withheld every sensitive category and restricted records; research is de-identified.
     */
    public static ReleasePolicies defaults() {
        Set<SecurityLabel> sensitive = sensitiveAndRestricted();
        return new ReleasePolicies(List.of(
                new ReleasePolicy("operations", Set.of(), Set.of("HOPERAT"), Set.of(), Set.of(), List.of(), false,
                        false, true),
                new ReleasePolicy("treatment", Set.of(), Set.of("TREAT"), Set.of(),
                        Set.of(SecurityLabel.VERY_RESTRICTED), List.of(), false, true, false),
                new ReleasePolicy("payment", Set.of(), Set.of("HPAYMT"), Set.of(), sensitive, List.of(), false, false,
                        false),
                new ReleasePolicy("public-health", Set.of(), Set.of("PUBHLTH"), Set.of(), sensitive, List.of(), false,
                        false, false),
                new ReleasePolicy("research", Set.of(), Set.of("HRESCH"), Set.of(), sensitive, List.of(), true, false,
                        false)));
    }

    public ReleasePolicy forClient(String client, String purpose) {
        return find(client, purpose).orElse(FALLBACK);
    }

    public Optional<ReleasePolicy> find(String client, String purpose) {
        return policies.stream().filter(p -> p.governs(client, purpose)).findFirst();
    }

    public List<ReleasePolicy> all() {
        return policies;
    }

    private static Set<SecurityLabel> sensitiveAndRestricted() {
        java.util.Set<SecurityLabel> labels = new java.util.HashSet<>(SecurityLabel.SENSITIVITY);
        labels.add(SecurityLabel.RESTRICTED);
        labels.add(SecurityLabel.VERY_RESTRICTED);
        return Set.copyOf(labels);
    }
}
