package org.fhirgateway.server.testing;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.consent.ReleasePolicy;
import org.fhirgateway.server.consent.SecurityLabel;

/** Callers for tests that work below the HTTP layer: a client with scopes and a policy withholding some labels. */
public final class TestAccess {

    private TestAccess() {
    }

    /**
     * @param withheld labels as {@code system|code}; none gives an unrestricted policy (sees everything it may scope)
     */
    public static AccessContext context(String client, String purpose, Set<String> scopes, Set<String> withheld) {
        ReleasePolicy policy = withheld.isEmpty() ? ReleasePolicy.unrestricted("test-" + client)
                : new ReleasePolicy("test-" + client, Set.of(), Set.of(), Set.of(),
                        withheld.stream().map(SecurityLabel::parse).collect(Collectors.toSet()), List.of(), false,
                        false, false);
        return new AccessContext(client, purpose, scopes, policy, null);
    }
}
