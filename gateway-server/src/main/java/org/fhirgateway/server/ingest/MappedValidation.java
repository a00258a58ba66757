package org.fhirgateway.server.ingest;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;

/**
 * What the mappers produced, checked before it is stored ({@code v2ValidateMapped}): the validator's errors for a
 * mapped Bundle, empty when it may be stored. A message whose bundle has errors fails like any other (the error
 * queue, its lane held, replayable once the mapping or the message is fixed).
 */
@FunctionalInterface
public interface MappedValidation {

    /** Stores whatever the mappers produce (the default: validation costs a validator's memory and time). */
    MappedValidation NONE = bundle -> List.of();

    /** The errors, each as "location: message"; empty when the bundle is valid. */
    List<String> errors(Bundle bundle);
}
