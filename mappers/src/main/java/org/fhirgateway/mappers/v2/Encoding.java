package org.fhirgateway.mappers.v2;

/**
 * The delimiters of one message, read from MSH-1 and MSH-2, and the escape decoding that uses them.
 *
 * @param field field separator (MSH-1)
 * @param component component separator
 * @param repetition repetition separator
 * @param escape escape character (0 when the message declares none)
 * @param subcomponent subcomponent separator
 */
public record Encoding(char field, char component, char repetition, char escape, char subcomponent) {

    /** The usual {@code |^~\&}. */
    public static final Encoding DEFAULT = new Encoding('|', '^', '~', '\\', '&');

    /**
     * Replaces escape sequences by the characters they stand for: \F\ \S\ \T\ \R\ \E\, \Xhh..\ (hex bytes,
     * read as ISO 8859-1), \.br\ and \.sp\ as line breaks; highlighting (\H\ \N\) and sequences we cannot
     * render (\C..\, \M..\, \Z..\, other formatting) are dropped. An unterminated escape is kept as text.
     */
    public String unescape(String raw) {
        if (escape == 0 || raw.indexOf(escape) < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        int n = raw.length();
        while (i < n) {
            char c = raw.charAt(i);
            int end = c == escape ? raw.indexOf(escape, i + 1) : -1;
            if (end < 0) {
                out.append(c);
                i++;
                continue;
            }
            appendEscape(raw.substring(i + 1, end), out);
            i = end + 1;
        }
        return out.toString();
    }

    private void appendEscape(String sequence, StringBuilder out) {
        switch (sequence) {
            case "F" -> out.append(field);
            case "S" -> out.append(component);
            case "T" -> out.append(subcomponent);
            case "R" -> out.append(repetition);
            case "E" -> out.append(escape);
            case ".br", ".sp" -> out.append('\n');
            default -> {
                if (sequence.length() > 1 && sequence.charAt(0) == 'X') {
                    appendHex(sequence, out);
                }
                // H, N, .in, .ti, .fi, .nf, .ce, C/M/Z character set switches: formatting only
            }
        }
    }

    private static void appendHex(String sequence, StringBuilder out) {
        for (int i = 1; i + 1 < sequence.length(); i += 2) {
            int hi = Character.digit(sequence.charAt(i), 16);
            int lo = Character.digit(sequence.charAt(i + 1), 16);
            if (hi < 0 || lo < 0) {
                return;
            }
            out.append((char) (hi * 16 + lo));
        }
    }
}
