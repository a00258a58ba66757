package org.fhirgateway.server.ingest;

import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingException.Code;

/**
 * Reads a {@link V2Header} from message text with plain string scanning (no HAPI parse, no Terser): fast
 * enough for the receive path, and tolerant of anything after the fields it needs. Pure function.
 */
public final class V2HeaderReader {

    private V2HeaderReader() {
    }

    public static V2Header read(String message) throws MappingException {
        List<String> segments = segments(message);
        if (segments.isEmpty() || !segments.get(0).startsWith("MSH") || segments.get(0).length() < 8) {
            throw new MappingException(Code.NOT_HL7, "MSH", null, "the message does not start with an MSH segment");
        }
        String msh = segments.get(0);
        char fs = msh.charAt(3);
        if (Character.isLetterOrDigit(fs)) {
            throw new MappingException(Code.NOT_HL7, "MSH", "MSH-1", "not a field separator");
        }
        String[] f = msh.split(java.util.regex.Pattern.quote(String.valueOf(fs)), -1);
        // f[0] = "MSH", f[1] = MSH-2, f[n] = MSH-(n+1)
        String encoding = f.length > 1 ? f[1] : "";
        if (encoding.length() < 3) {
            throw new MappingException(Code.NOT_HL7, "MSH", "MSH-2", "encoding characters missing");
        }
        char component = encoding.charAt(0);
        char repetition = encoding.charAt(1);
        String controlId = field(f, 10).trim();
        if (controlId.isEmpty()) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "MSH", "MSH-10", "message control id is empty");
        }
        String type = field(f, 9);
        String messageCode = component(type, component, 0);
        if (messageCode.isEmpty()) {
            throw new MappingException(Code.REQUIRED_FIELD_MISSING, "MSH", "MSH-9", "message type is empty");
        }
        String pid3 = "";
        String mrg1 = "";
        for (String segment : segments) {
            if (pid3.isEmpty() && segment.startsWith("PID" + fs)) {
                pid3 = nth(segment, fs, 3);
            } else if (mrg1.isEmpty() && segment.startsWith("MRG" + fs)) {
                mrg1 = nth(segment, fs, 1);
            }
        }
        return new V2Header(fs, encoding, field(f, 3), field(f, 4), field(f, 5), field(f, 6),
                messageCode, component(type, component, 1), controlId, field(f, 11), field(f, 12),
                field(f, 15).trim(), field(f, 16).trim(),
                identifierKey(pid3, component, repetition), identifierKey(mrg1, component, repetition));
    }

    /** "authority|id" of the first repetition of a CX field (CX-4 assigning authority, CX-1 id). */
    static String identifierKey(String cx, char component, char repetition) {
        int rep = cx.indexOf(repetition);
        String first = rep < 0 ? cx : cx.substring(0, rep);
        String id = component(first, component, 0).trim();
        if (id.isEmpty()) {
            return "";
        }
        return component(first, component, 3).trim() + "|" + id;
    }

    /** The MSH field with the standard number n (MSH-1 is the separator itself, so MSH-n is at index n - 1). */
    private static String field(String[] f, int n) {
        return n - 1 < f.length ? f[n - 1] : "";
    }

    private static String nth(String segment, char fs, int n) {
        int start = 0;
        for (int i = 0; i < n; i++) {
            start = segment.indexOf(fs, start);
            if (start < 0) {
                return "";
            }
            start++;
        }
        int end = segment.indexOf(fs, start);
        return end < 0 ? segment.substring(start) : segment.substring(start, end);
    }

    private static String component(String field, char separator, int index) {
        int start = 0;
        for (int i = 0; i < index; i++) {
            start = field.indexOf(separator, start);
            if (start < 0) {
                return "";
            }
            start++;
        }
        int end = field.indexOf(separator, start);
        return end < 0 ? field.substring(start) : field.substring(start, end);
    }

    private static List<String> segments(String message) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int length = message.length();
        if (length > 0 && message.charAt(0) == '\uFEFF') {
            start = 1;
        }
        for (int i = start; i <= length; i++) {
            if (i == length || message.charAt(i) == '\r' || message.charAt(i) == '\n') {
                if (i > start) {
                    out.add(message.substring(start, i));
                }
                start = i + 1;
            }
        }
        return out;
    }
}
