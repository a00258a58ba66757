package org.fhirgateway.mappers;

/**
 * Something in the message that was not mapped, or mapped with a caveat. Never silently dropped.
 *
 * @param segment segment id, e.g. PV1 (null for message-level issues)
 * @param segmentIndex 1-based position of that segment among segments with the same id
 * @param field field reference, e.g. PV1-2 (null for whole-segment issues)
 * @param reason what happened, in words an interface engineer understands
 */
public record MappingIssue(String segment, int segmentIndex, String field, String reason) {

    @Override
    public String toString() {
        String where = segment == null ? "message" : segment + (segmentIndex > 1 ? "[" + segmentIndex + "]" : "");
        return where + (field == null ? "" : " " + field) + ": " + reason;
    }
}
