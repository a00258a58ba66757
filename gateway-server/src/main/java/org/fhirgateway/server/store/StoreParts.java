package org.fhirgateway.server.store;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;

/** The collaborators shared by the store's internal classes. */
record StoreParts(FhirContext fhir, ResourceDao dao, IndexWriter indexWriter, ResourceCodec codec,
        ResourceIndexer indexer, ConditionalMatcher matcher, Clock clock) {

    /** The resource of the row's current version, read in the transaction; null for a deletion. */
    org.hl7.fhir.r4.model.Resource load(Tx tx, ResourceRow row) throws java.sql.SQLException {
        byte[] content = dao.versionContent(tx.query(), row.pk(), row.version()).orElseThrow();
        return content.length == 0 ? null
                : codec.decode(content, row.type(), row.id(), row.version(), row.lastUpdated());
    }
}
