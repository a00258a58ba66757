package org.fhirgateway.server.store;

import org.hl7.fhir.r4.model.Resource;

/** Produces the search index rows of a resource at write time (implemented by the search package). */
public interface ResourceIndexer {

    IndexRows index(Resource resource);

    /**
     * The id of the Patient whose compartment the resource is in (its own id for a Patient), or null: the key the
     * consent rules of that patient are found by.
     */
    String compartmentPatient(Resource resource);
}
