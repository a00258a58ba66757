package org.fhirgateway.server.ingest;

import java.sql.SQLException;
import org.fhirgateway.mappers.MappingResult;
import org.fhirgateway.server.store.BusinessKeyConflictException;
import org.fhirgateway.server.store.StoreTransaction;

/**
 * What a mapped message leaves behind besides its resources (the data-quality work list, {@code report.WorkList}):
 * inspected before the message is applied (against what is stored), written after it in the worker's transaction.
 * Declared here by its consumer; the application wires it.
 */
@FunctionalInterface
public interface MappingFindings {

    Writer inspect(MappingResult result);

    /**
     * The message was refused: a business key it writes belongs to another patient. Records that on the work list
     * in a commit of its own (the worker rolls the message's transaction back); by default nothing.
     */
    default void refused(MappingResult result, BusinessKeyConflictException conflict) {
    }

    /** Writes the findings inside the worker's transaction. */
    @FunctionalInterface
    interface Writer {
        void write(StoreTransaction tx) throws SQLException;
    }
}
