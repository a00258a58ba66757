package org.fhirgateway.server.search;

import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.Set;
import org.fhirgateway.server.store.IndexHash;

/**
 * One search parameter of one resource type, with its FHIRPath compiled once.
 * Parameters defined on Resource ({@code _tag}, {@code _security}, {@code _profile}) hash with the type
 * "Resource", so a consent predicate on {@code _security} is the same equality for every type.
 */
record ParamDef(String resourceType, String name, RestSearchParameterTypeEnum kind, String path,
        Set<String> targets, IFhirPath.IParsedExpression expression, Set<String> compartments) {

    long paramHash() {
        return hashFor(name);
    }

    /** Hash for a derived parameter name, e.g. {@code identifier:of-type} or {@code subject:identifier}. */
    long hashFor(String derivedName) {
        return IndexHash.param(path.startsWith("Resource.") ? "Resource" : resourceType, derivedName);
    }

    static long securityHash() {
        return IndexHash.param("Resource", "_security");
    }
}
