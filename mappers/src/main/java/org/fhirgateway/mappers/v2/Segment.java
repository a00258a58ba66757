package org.fhirgateway.mappers.v2;

import java.util.ArrayList;
import java.util.List;

/**
 * One segment, split into fields once; repetitions, components and subcomponents are split when read.
 * Field numbers are the HL7 ones: {@code field(3)} of PID is PID-3. For MSH, field 1 is the field separator
 * and field 2 the encoding characters, as in the standard.
 */
public final class Segment {

    /** The v2 explicit null: a field sent as two double quotes means "delete the value". */
    public static final String EXPLICIT_NULL = "\"\"";

    private final String id;
    private final String[] fields;
    private final Encoding encoding;
    private final int index;

    Segment(String id, String[] fields, Encoding encoding, int index) {
        this.id = id;
        this.fields = fields;
        this.encoding = encoding;
        this.index = index;
    }

    public String id() {
        return id;
    }

    /** 1-based position among the segments of the message with the same id. */
    public int index() {
        return index;
    }

    public Encoding encoding() {
        return encoding;
    }

    /** Number of the last field present. */
    public int fieldCount() {
        return fields.length - 1;
    }

    /** The field as sent (escapes not decoded), "" when absent. */
    public String raw(int field) {
        return field < fields.length ? fields[field] : "";
    }

    public boolean isEmpty(int field) {
        return raw(field).isEmpty();
    }

    /** True when the field is the explicit null {@code ""}. */
    public boolean isExplicitNull(int field) {
        return EXPLICIT_NULL.equals(raw(field));
    }

    /** All repetitions of the field; empty list when the field is empty or the explicit null. */
    public List<Composite> repetitions(int field) {
        String raw = raw(field);
        if (raw.isEmpty() || EXPLICIT_NULL.equals(raw)) {
            return List.of();
        }
        if (raw.indexOf(encoding.repetition()) < 0 || isEncodingField(field)) {
            return List.of(new Composite(raw, encoding, 0));
        }
        List<Composite> reps = new ArrayList<>(4);
        int start = 0;
        while (true) {
            int end = raw.indexOf(encoding.repetition(), start);
            String rep = raw.substring(start, end < 0 ? raw.length() : end);
            if (!rep.isEmpty()) {
                reps.add(new Composite(rep, encoding, 0));
            }
            if (end < 0) {
                return reps;
            }
            start = end + 1;
        }
    }

    /** The first repetition (an empty composite when the field is empty). */
    public Composite first(int field) {
        String raw = raw(field);
        if (raw.isEmpty() || EXPLICIT_NULL.equals(raw)) {
            return Composite.EMPTY;
        }
        int end = isEncodingField(field) ? -1 : raw.indexOf(encoding.repetition());
        return new Composite(end < 0 ? raw : raw.substring(0, end), encoding, 0);
    }

    /** The decoded text of the first component of the first repetition; "" when absent. */
    public String text(int field) {
        return first(field).text(1);
    }

    /** Field reference such as PID-3, for issues and errors. */
    public String ref(int field) {
        return id + "-" + field;
    }

    private boolean isEncodingField(int field) {
        return field <= 2 && "MSH".equals(id);
    }
}
