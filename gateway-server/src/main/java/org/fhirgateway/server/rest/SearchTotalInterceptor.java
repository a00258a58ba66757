package org.fhirgateway.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Keeps a searchset without a total without one. When a search method returns a Bundle, HAPI fills an empty
 * {@code Bundle.total} with the number of entries on the page, which a client reads as the number of matches; the
 * search leaves the total out on purpose ({@code _total=none}, or more than 1,000 matches under the default).
 */
final class SearchTotalInterceptor {

    /** User-data key on a searchset Bundle whose total is unknown. */
    static final String NO_TOTAL = "fhirgateway.searchset.noTotal";

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean removeFilledInTotal(ResponseDetails response) {
        if (response.getResponseResource() instanceof Bundle bundle && Boolean.TRUE.equals(bundle.getUserData(NO_TOTAL))) {
            bundle.setTotalElement(null);
        }
        return true;
    }
}
