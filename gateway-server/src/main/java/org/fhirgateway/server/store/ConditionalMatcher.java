package org.fhirgateway.server.store;

import java.sql.Connection;
import java.util.List;

/**
 * Resolves search criteria ({@code identifier=sys|val&active=true}) to the ids of matching, non-deleted resources,
 * inside the caller's database transaction. Implemented by the search package; used for conditional create,
 * update, delete and conditional references.
 */
public interface ConditionalMatcher {

    /**
     * @param connection the open transaction to search in
     * @param resourceType the type to search
     * @param criteria URL query string without the leading {@code ?}
     * @param limit stop after this many ids (2 is enough to detect "more than one")
     * @return ids of matching resources
     * @throws StoreException with a search error when the criteria are invalid
     */
    List<String> matchIds(Connection connection, String resourceType, String criteria, int limit);
}
