package org.fhirgateway.mappers.v2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingException.Code;

/**
 * A positional tokenizer: message to segments to fields, in one pass over the text, with the delimiters the
 * message declares in MSH-1/MSH-2. It knows no message structure or version, which is what lets the
 * mapping read 2.3 to 2.8 alike. Stateless and thread-safe.
 */
public final class V2Parser {

    private V2Parser() {
    }

    /** Parses one message; segments may be separated by CR, LF or CRLF. */
    public static V2Message parse(String text) throws MappingException {
        if (text == null) {
            throw new MappingException(Code.NOT_HL7, null, null, "no input");
        }
        int start = skipNoise(text);
        if (!text.startsWith("MSH", start) || text.length() < start + 8) {
            throw new MappingException(Code.NOT_HL7, "MSH", null, "input does not start with an MSH segment");
        }
        Encoding encoding = encoding(text, start);
        List<Segment> segments = new ArrayList<>(16);
        Map<String, Integer> counts = new HashMap<>();
        int pos = start;
        int n = text.length();
        while (pos < n) {
            int end = pos;
            while (end < n && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
                end++;
            }
            String line = stripTrailing(text, pos, end);
            if (!line.isEmpty() && line.charAt(0) != 0x1C) {
                if (!segments.isEmpty() && line.startsWith("MSH")) {
                    throw new MappingException(Code.MALFORMED, "MSH", null,
                            "a second MSH: the input holds more than one message (split it with V2Batch)");
                }
                segments.add(segment(line, encoding, counts));
            }
            pos = end + 1;
        }
        return new V2Message(segments);
    }

    private static Segment segment(String line, Encoding encoding, Map<String, Integer> counts)
            throws MappingException {
        if (line.length() < 3 || (line.length() > 3 && line.charAt(3) != encoding.field())) {
            String id = line.length() <= 3 ? line : line.substring(0, 3);
            throw new MappingException(Code.MALFORMED, id, null,
                    "segment " + (counts.values().stream().mapToInt(Integer::intValue).sum() + 1)
                            + " has no valid segment id followed by the field separator");
        }
        String id = line.substring(0, 3);
        int index = counts.merge(id, 1, Integer::sum);
        List<String> fields = new ArrayList<>(32);
        fields.add(id);
        boolean msh = "MSH".equals(id);
        if (msh) {
            fields.add(String.valueOf(encoding.field()));
        }
        if (line.length() > 3) {
            split(line, 4, encoding.field(), fields);
        }
        return new Segment(id, fields.toArray(new String[0]), encoding, index);
    }

    private static void split(String line, int from, char separator, List<String> out) {
        int start = from;
        while (true) {
            int end = line.indexOf(separator, start);
            if (end < 0) {
                out.add(line.substring(start));
                return;
            }
            out.add(line.substring(start, end));
            start = end + 1;
        }
    }

    private static Encoding encoding(String text, int start) throws MappingException {
        char field = text.charAt(start + 3);
        if (Character.isLetterOrDigit(field) || Character.isWhitespace(field)) {
            throw new MappingException(Code.NOT_HL7, "MSH", "MSH-1", "invalid field separator '" + field + "'");
        }
        int end = text.indexOf(field, start + 4);
        if (end < 0) {
            throw new MappingException(Code.NOT_HL7, "MSH", "MSH-2", "encoding characters are not terminated");
        }
        String chars = text.substring(start + 4, end);
        if (chars.length() < 2 || chars.length() > 5) {
            throw new MappingException(Code.NOT_HL7, "MSH", "MSH-2", "expected 4 encoding characters, got '"
                    + chars + "'");
        }
        char escape = chars.length() > 2 ? chars.charAt(2) : 0;
        char sub = chars.length() > 3 ? chars.charAt(3) : 0; // 0: no subcomponents (never found in text)
        return new Encoding(field, chars.charAt(0), chars.charAt(1), escape, sub);
    }

    private static int skipNoise(String text) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '\uFEFF' && c != 0x0B && !Character.isWhitespace(c)) {
                break;
            }
            i++;
        }
        return i;
    }

    private static String stripTrailing(String text, int from, int to) {
        int end = to;
        while (end > from && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
            end--;
        }
        int begin = from;
        if (begin < end && text.charAt(begin) == 0x0B) {
            begin++;
        }
        return text.substring(begin, end);
    }
}
