package org.fhirgateway.server.rest;

/**
 * A search parameter the engine supports for one resource type, as the CapabilityStatement states it.
 *
 * @param name the parameter name, e.g. {@code birthdate}
 * @param type the FHIR search parameter type code, e.g. {@code date}, {@code token}
 * @param definition canonical URL of the SearchParameter, or null
 */
record SearchParamInfo(String name, String type, String definition) {}
