package org.fhirgateway.server.search;

import java.util.List;

/** A matched resource row with its sort values (before the JSON is joined). */
record Row(long pk, List<Object> sortValues) {

    Position position() {
        return new Position(sortValues, pk);
    }
}
