package org.fhirgateway.server.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Absolute URLs for a paged answer: {@code self} repeats the normalised query, {@code next}/{@code previous}
 * carry the engine's opaque page token on the same path.
 *
 * @param fhirBase e.g. {@code http://localhost:8080/fhir}
 * @param path the path below the base, e.g. {@code Patient}, {@code Patient/1/$everything}, {@code _history}
 */
record PageLinks(String fhirBase, String path) {

    String self(String query) {
        return url() + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    String page(String token) {
        return url() + "?" + RawParameters.PAGE_TOKEN + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    String fullUrl(String type, String id) {
        return fhirBase + "/" + type + "/" + id;
    }

    private String url() {
        return path.isEmpty() ? fhirBase : fhirBase + "/" + path;
    }
}
