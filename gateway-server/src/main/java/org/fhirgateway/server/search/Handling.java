package org.fhirgateway.server.search;

/** {@code Prefer: handling=strict|lenient}: what an unknown parameter or unsupported modifier does. */
public enum Handling {
    /** Fail with UNKNOWN_SEARCH_PARAMETER / UNSUPPORTED_MODIFIER (the REST layer answers 400). */
    STRICT,
    /** Ignore it and report it in {@link SearchResult#ignoredParameters()}. */
    LENIENT
}
