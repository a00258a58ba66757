package org.fhirgateway.mappers;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The outcome of mapping one message.
 *
 * @param bundle a FHIR R4 transaction Bundle; applying it twice yields the same resources
 * @param source what identifies the message and its sender
 * @param issues what was not mapped (segment, field, why); empty when everything was
 * @param explicitNulls fields sent as {@code ""} (delete this value), with the element each one clears
 */
public record MappingResult(Bundle bundle, SourceMessage source, List<MappingIssue> issues,
        List<ExplicitNull> explicitNulls) {

    public MappingResult {
        issues = List.copyOf(issues);
        explicitNulls = List.copyOf(explicitNulls);
    }

    public MappingResult(Bundle bundle, SourceMessage source, List<MappingIssue> issues) {
        this(bundle, source, issues, List.of());
    }
}
