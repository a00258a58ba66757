package org.fhirgateway.server.store;

import org.hl7.fhir.r4.model.Resource;

/** Produces the search index rows of a resource at write time (implemented by the search package). */
public interface ResourceIndexer {

    IndexRows index(Resource resource);
}
