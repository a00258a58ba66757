package org.fhirgateway.mappers.v2;

/**
 * One repetition of a field (level 0: components split by ^) or one component (level 1: subcomponents
 * split by &). Parts are 1-based; reading a part that is absent gives "" (never null, never an exception).
 */
public final class Composite {

    static final Composite EMPTY = new Composite("", Encoding.DEFAULT, 0);

    private final String raw;
    private final Encoding encoding;
    private final int level;
    /** Start offsets of the parts, then raw.length() + 1; found on first read (mappers read many parts). */
    private int[] starts;

    Composite(String raw, Encoding encoding, int level) {
        this.raw = raw;
        this.encoding = encoding;
        this.level = level;
    }

    /** For tests and for values read from elsewhere: a composite over {@code raw} with the default encoding. */
    public static Composite of(String raw) {
        return new Composite(raw, Encoding.DEFAULT, 0);
    }

    public String raw() {
        return raw;
    }

    public boolean isEmpty() {
        return raw.isEmpty();
    }

    /** True when this value is the explicit null {@code ""}. */
    public boolean isExplicitNull() {
        return Segment.EXPLICIT_NULL.equals(raw);
    }

    /**
     * The decoded text of part {@code n}; at level 0 only its first subcomponent. "" when absent, and ""
     * when it is the explicit null (callers that care ask {@link #part(int)}.isExplicitNull()).
     */
    public String text(int n) {
        String part = rawPart(n);
        if (level == 0) {
            int sub = part.indexOf(encoding.subcomponent());
            if (sub >= 0) {
                part = part.substring(0, sub);
            }
        }
        if (part.isEmpty() || Segment.EXPLICIT_NULL.equals(part)) {
            return "";
        }
        return encoding.unescape(part).strip();
    }

    /** Part {@code n} as a composite one level down (components to subcomponents). */
    public Composite part(int n) {
        return new Composite(rawPart(n), encoding, level + 1);
    }

    /** The whole value decoded, for text fields (ST, TX, FT) that may hold separators only as escapes. */
    public String fullText() {
        return encoding.unescape(raw);
    }

    private char separator() {
        return level == 0 ? encoding.component() : encoding.subcomponent();
    }

    String rawPart(int n) {
        int[] offsets = starts;
        if (offsets == null) {
            offsets = split();
            starts = offsets;
        }
        if (n < 1 || n >= offsets.length) {
            return "";
        }
        return raw.substring(offsets[n - 1], offsets[n] - 1);
    }

    private int[] split() {
        char sep = separator();
        int count = 1;
        for (int i = raw.indexOf(sep); i >= 0; i = raw.indexOf(sep, i + 1)) {
            count++;
        }
        int[] offsets = new int[count + 1];
        int part = 1;
        for (int i = raw.indexOf(sep); i >= 0; i = raw.indexOf(sep, i + 1)) {
            offsets[part++] = i + 1;
        }
        offsets[count] = raw.length() + 1;
        return offsets;
    }

    @Override
    public String toString() {
        return raw;
    }
}
