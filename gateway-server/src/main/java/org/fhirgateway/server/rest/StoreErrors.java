package org.fhirgateway.server.rest;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.Optional;

/** Translates the store's and search engine's failures into HTTP answers (filled in against their API). */
final class StoreErrors {

    Optional<BaseServerResponseException> translate(Throwable failure) {
        return Optional.empty();
    }
}
