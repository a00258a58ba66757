package org.fhirgateway.mappers.v2;

import java.util.ArrayList;
import java.util.List;

/** A parsed message: its segments in order, immutable. Made by {@link V2Parser}. */
public final class V2Message {

    private final List<Segment> segments;

    V2Message(List<Segment> segments) {
        this.segments = List.copyOf(segments);
    }

    public List<Segment> segments() {
        return segments;
    }

    public Segment msh() {
        return segments.get(0);
    }

    /** The first segment with this id, or null. */
    public Segment first(String id) {
        for (Segment segment : segments) {
            if (segment.id().equals(id)) {
                return segment;
            }
        }
        return null;
    }

    /** Every segment with this id, in message order. */
    public List<Segment> all(String id) {
        List<Segment> found = new ArrayList<>(2);
        for (Segment segment : segments) {
            if (segment.id().equals(id)) {
                found.add(segment);
            }
        }
        return found;
    }
}
