package org.fhirgateway.mappers.terminology;

/**
 * The FHIR side of one concept map entry.
 *
 * @param system target code system URI
 * @param code target code
 * @param display target display, or null
 */
public record Concept(String system, String code, String display) {
}
