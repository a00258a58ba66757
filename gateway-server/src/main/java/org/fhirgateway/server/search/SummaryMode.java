package org.fhirgateway.server.search;

/** {@code _summary}: how much of each resource the caller wants (applied by the REST layer's serialiser). */
public enum SummaryMode {
    FALSE, TRUE, TEXT, DATA, COUNT
}
