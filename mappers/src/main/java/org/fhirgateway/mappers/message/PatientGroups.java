package org.fhirgateway.mappers.message;

import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.mappers.v2.Segment;
import org.fhirgateway.mappers.v2.V2Message;

/** The segments of a message with several patients (A17, A24), cut at each PID; MSH and EVN belong to none. */
final class PatientGroups {

    /** One patient's segments: its PID first, then what follows it up to the next PID. */
    record Group(Segment pid, List<Segment> segments) {
        Segment first(String id) {
            for (Segment segment : segments) {
                if (segment.id().equals(id)) {
                    return segment;
                }
            }
            return null;
        }
    }

    private PatientGroups() {
    }

    /** The groups in message order; segments before the first PID (other than MSH, EVN) are returned in {@code before}. */
    static List<Group> of(V2Message message, List<Segment> before) {
        List<Group> groups = new ArrayList<>();
        List<Segment> current = null;
        for (Segment segment : message.segments()) {
            if (AdtAssembler.isHeader(segment)) {
                continue;
            }
            if (segment.id().equals("PID")) {
                current = new ArrayList<>();
                current.add(segment);
                groups.add(new Group(segment, current));
            } else if (current == null) {
                before.add(segment);
            } else {
                current.add(segment);
            }
        }
        return groups;
    }
}
