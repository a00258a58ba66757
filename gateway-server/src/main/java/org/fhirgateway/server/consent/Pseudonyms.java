package org.fhirgateway.server.consent;

/**
 * Stable pseudonymous ids for real resource ids, one mapping per receiving client: the same real id always
 * gives the same pseudonym to that client, so references between released resources still line up, and no
 * pseudonym can be turned back into the real id without the mapping.
 */
@FunctionalInterface
public interface Pseudonyms {

    /**
     * The pseudonym of one real id.
     *
     * @param resourceType the FHIR resource type, e.g. {@code Patient}
     * @param id the real logical id (no type, no version, no base URL)
     * @return a valid FHIR id ({@code [A-Za-z0-9\-.]{1,64}}), never the real id itself
     */
    String pseudonym(String resourceType, String id);
}
