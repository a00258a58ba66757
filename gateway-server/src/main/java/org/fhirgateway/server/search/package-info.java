/**
 * FHIR R4 search over the store's index tables: URL parameters ({@link org.fhirgateway.server.search.SearchRequest})
 * to a query model (QueryParser, Criterion) to SQL (SqlPlanner: one semi-join {@code res_pk IN (SELECT res_pk FROM idx_...)} per parameter, ids
 * from the slim resource table, JSON joined last) to keyset pages with signed tokens.
 *
 * <p>One class per parameter kind (TokenKind, StringKind, DateKind, NumberKind, QuantityKind, UriKind,
 * ReferenceKind) both extracts index rows at write time (Indexer, FHIRPath compiled once per parameter) and encodes
 * query values, so writing and searching can never disagree.
 *
 * <p>Consent: every query takes an {@link org.fhirgateway.server.consent.AccessContext}; denied security labels
 * become {@code NOT EXISTS} predicates in the same SQL (also for chained, _has, included and $everything
 * resources), and types the caller cannot read are refused (search) or left out (_include/_revinclude,
 * $everything).
 */
package org.fhirgateway.server.search;
