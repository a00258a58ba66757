package org.fhirgateway.server.console.records;

/**
 * One security label on a patient's data, as the privacy page shows it: how many of the resources the caller may
 * see carry it, and of which types.
 *
 * @param label the label in words, with its code
 * @param key {@code system|code}
 * @param byType "Condition (1), Observation (2)"
 */
public record LabelCount(String label, String key, long resources, String byType) {
}
