/**
 * HL7 FHIR Bulk Data export (docs/export.md): jobs and their parts as database rows claimed with
 * {@code FOR UPDATE SKIP LOCKED}, a safe horizon ({@link org.fhirgateway.server.export.Horizon}), NDJSON files
 * under the data folder, cohort Groups by members or criteria. Every resource goes out through the same door as a
 * search: {@link org.fhirgateway.server.search.FhirSearch} with the owner's AccessContext, then
 * {@link org.fhirgateway.server.store.ReleaseRecorder} (release policy and accounting of disclosures).
 */
package org.fhirgateway.server.export;
