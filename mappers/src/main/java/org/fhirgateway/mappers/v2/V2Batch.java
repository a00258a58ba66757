package org.fhirgateway.mappers.v2;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text that holds one or many v2 messages into single messages, each with segments separated by CR.
 *
 * <p>Tolerates what real files and feeds contain: a byte-order mark, MLLP framing bytes (VT, FS),
 * CR, LF or CRLF line ends, blank lines, and FHS/BHS/BTS/FTS batch wrappers (which are dropped).
 * Pure function: no I/O.
 */
public final class V2Batch {

    private static final char BOM = '\uFEFF';
    private static final char MLLP_START = 0x0B;
    private static final char MLLP_END = 0x1C;

    private V2Batch() {
    }

    public static List<String> split(CharSequence text) {
        List<String> messages = new ArrayList<>();
        StringBuilder current = null;
        int length = text.length();
        int lineStart = 0;
        while (lineStart <= length) {
            int lineEnd = lineStart;
            while (lineEnd < length && !isLineBreak(text.charAt(lineEnd))) {
                lineEnd++;
            }
            String line = clean(text.subSequence(lineStart, lineEnd));
            if (!line.isEmpty()) {
                if (line.startsWith("MSH")) {
                    if (current != null) {
                        messages.add(current.toString());
                    }
                    current = new StringBuilder(line);
                } else if (isBatchWrapper(line)) {
                    if (current != null) {
                        messages.add(current.toString());
                        current = null;
                    }
                } else if (current != null) {
                    current.append('\r').append(line);
                }
                // a segment before any MSH belongs to no message: it is ignored here and the
                // message parser reports the missing MSH for input that has none at all
            }
            lineStart = lineEnd + 1;
        }
        if (current != null) {
            messages.add(current.toString());
        }
        return messages;
    }

    private static boolean isLineBreak(char c) {
        return c == '\r' || c == '\n' || c == MLLP_END;
    }

    private static boolean isBatchWrapper(String line) {
        return line.length() >= 3 && switch (line.substring(0, 3)) {
            case "FHS", "BHS", "BTS", "FTS" -> line.length() == 3 || !Character.isLetterOrDigit(line.charAt(3));
            default -> false;
        };
    }

    /** Drops BOM and framing bytes and trailing blanks (senders pad segments with spaces). */
    private static String clean(CharSequence raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && (raw.charAt(start) == BOM || raw.charAt(start) == MLLP_START)) {
            start++;
        }
        while (end > start && Character.isWhitespace(raw.charAt(end - 1))) {
            end--;
        }
        return raw.subSequence(start, end).toString();
    }
}
