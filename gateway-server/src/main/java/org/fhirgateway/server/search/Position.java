package org.fhirgateway.server.search;

import java.util.List;

/** A keyset position: the sort values and primary key of a row (the last of a page, or the first going back). */
record Position(List<Object> values, long pk) {
}
