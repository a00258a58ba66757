package org.fhirgateway.server.rest;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.PreferHandlingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fhirgateway.server.search.Handling;

/**
 * The request's parameters exactly as sent (URL query, or form body of POST _search), minus only those HAPI
 * itself consumes for formatting; nothing is dropped silently on the way to the search engine.
 */
final class RawParameters {

    /** The parameter that carries an opaque page token in next/previous links. */
    static final String PAGE_TOKEN = "_page_token";
    private static final Set<String> FORMATTING = Set.of(Constants.PARAM_FORMAT, Constants.PARAM_PRETTY);

    private RawParameters() {}

    static Map<String, List<String>> of(RequestDetails request) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        request.getParameters().forEach((name, values) -> {
            if (!FORMATTING.contains(name)) {
                params.put(name, Arrays.asList(values));
            }
        });
        return params;
    }

    static Optional<String> single(RequestDetails request, String name) {
        String[] values = request.getParameters().get(name);
        return values == null || values.length == 0 ? Optional.empty() : Optional.of(values[0]);
    }

    /** {@code Prefer: handling=lenient} gives LENIENT; anything else (or nothing) is STRICT. */
    static Handling handling(RequestDetails request) {
        String prefer = request.getHeader(Constants.HEADER_PREFER);
        if (prefer == null) {
            return Handling.STRICT;
        }
        PreferHandlingEnum handling = RestfulServerUtils.parsePreferHeader(prefer).getHanding();
        return handling == PreferHandlingEnum.LENIENT ? Handling.LENIENT : Handling.STRICT;
    }
}
