package org.fhirgateway.mappers;

/**
 * A v2 field sent as the explicit null {@code ""}: the sender asks for the value to be deleted. The element
 * is not emitted in the resource (a PUT then drops it); this record tells the store which element of which
 * entry was deleted on purpose, as opposed to merely not sent.
 *
 * @param field the v2 field, e.g. PID-8
 * @param fullUrl the fullUrl of the bundle entry whose resource the field maps to
 * @param element the FHIR element path, e.g. Patient.gender
 */
public record ExplicitNull(String field, String fullUrl, String element) {
}
