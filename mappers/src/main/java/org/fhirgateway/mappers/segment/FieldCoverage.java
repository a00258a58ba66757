package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.datatype.Issues;
import org.fhirgateway.mappers.v2.Segment;

/** Reports the fields of a segment that hold a value but that its mapper does not map. */
final class FieldCoverage {

    private FieldCoverage() {
    }

    /** @param mapped the field numbers the mapper reads, in any order */
    static void reportUnmapped(Segment segment, int[] mapped, Issues issues) {
        int first = "MSH".equals(segment.id()) ? 3 : 1;
        outer:
        for (int field = first; field <= segment.fieldCount(); field++) {
            if (segment.isEmpty(field)) {
                continue;
            }
            for (int m : mapped) {
                if (m == field) {
                    continue outer;
                }
            }
            issues.add(segment, field, "field not mapped");
        }
    }
}
