package org.fhirgateway.mappers.message;

import org.fhirgateway.mappers.datatype.Issues;
import org.fhirgateway.mappers.v2.Segment;

/** Reports a segment no mapper takes: local Z segments as unknown, the others as not mapped. */
final class Unmapped {

    private Unmapped() {
    }

    static void segment(Segment segment, Issues issues) {
        if (segment.id().startsWith("Z")) {
            issues.addSegment(segment, "unknown (local) segment " + segment.id() + ", not mapped");
        } else {
            issues.addSegment(segment, "segment " + segment.id() + " not mapped for this message type");
        }
    }
}
