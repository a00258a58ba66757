package org.fhirgateway.server.consent;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one kind of recipient may be given: the release-of-information rule for a set of clients and purposes of
 * use, as configured under {@code releasePolicies}. The search and store layers turn it into SQL predicates (which
 * resources leave), the release step applies its masks and de-identification (which fields leave).
 *
 * @param name the policy's name, recorded in every disclosure it allowed
 * @param clients the clients it governs (empty: any client)
 * @param purposes the purposes of use it governs (empty: any purpose)
 * @param resourceTypes the resource types it releases (empty: whatever the client's scopes allow)
 * @param withheld labels never released under it unless the patient opted in to that category
 * @param masks element paths removed from what is released (validated by the release step)
 * @param deidentify whether released resources are de-identified (HIPAA Safe Harbor, pseudonymous ids)
 * @param breakTheGlass whether a client under it may ask for the emergency purpose {@code ETREAT}
 * @param unrestricted whether it releases everything without consent checks (the gateway's operators only)
 */
public record ReleasePolicy(String name, Set<String> clients, Set<String> purposes, Set<String> resourceTypes,
        Set<SecurityLabel> withheld, List<String> masks, boolean deidentify, boolean breakTheGlass,
        boolean unrestricted) {

    public ReleasePolicy {
        Objects.requireNonNull(name, "name");
        clients = Set.copyOf(clients);
        purposes = Set.copyOf(purposes);
        resourceTypes = Set.copyOf(resourceTypes);
        withheld = Set.copyOf(withheld);
        masks = List.copyOf(masks);
    }

    /** Everything, no consent: the gateway's own reads and the operators' policy. */
    public static ReleasePolicy unrestricted(String name) {
        return new ReleasePolicy(name, Set.of(), Set.of(), Set.of(), Set.of(), List.of(), false, false, true);
    }

    boolean governs(String client, String purpose) {
        return (clients.isEmpty() || clients.contains(client)) && (purposes.isEmpty() || purposes.contains(purpose));
    }

    /** Whether it releases resources of this type at all. */
    public boolean releasesType(String resourceType) {
        return resourceTypes.isEmpty() || resourceTypes.contains(resourceType);
    }

    /**
     * The labels withheld in practice: the configured ones and, for every policy that is not unrestricted, 42 CFR
     * Part 2 records, which the law lets out only with a consent naming the recipient.
     */
    public Set<SecurityLabel> effectiveWithheld() {
        if (unrestricted || withheld.contains(SecurityLabel.PART_2)) {
            return withheld;
        }
        java.util.Set<SecurityLabel> all = new java.util.HashSet<>(withheld);
        all.add(SecurityLabel.PART_2);
        return Set.copyOf(all);
    }
}
