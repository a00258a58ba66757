package org.fhirgateway.mappers.datatype;

import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.mappers.MappingIssue;
import org.fhirgateway.mappers.v2.Segment;

/**
 * Collects what one message mapping could not map. One instance per mapping call, not shared. The same issue (same
 * place, same reason: a field read twice) is kept once.
 */
public final class Issues {

    private final List<MappingIssue> issues = new ArrayList<>();

    public void add(Segment segment, int field, String reason) {
        keep(new MappingIssue(segment.id(), segment.index(), segment.ref(field), reason));
    }

    public void addSegment(Segment segment, String reason) {
        keep(new MappingIssue(segment.id(), segment.index(), null, reason));
    }

    /** An issue of the message as a whole (no segment to name, e.g. one that is missing). */
    public void addMessage(String reason) {
        keep(new MappingIssue(null, 0, null, reason));
    }

    private void keep(MappingIssue issue) {
        if (!issues.contains(issue)) {
            issues.add(issue);
        }
    }

    public List<MappingIssue> list() {
        return issues;
    }
}
