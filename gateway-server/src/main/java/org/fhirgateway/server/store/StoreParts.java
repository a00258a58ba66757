package org.fhirgateway.server.store;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;

/** The collaborators shared by the store's internal classes. */
record StoreParts(FhirContext fhir, ResourceDao dao, IndexWriter indexWriter, ResourceCodec codec,
        ResourceIndexer indexer, ConditionalMatcher matcher, Clock clock) {
}
