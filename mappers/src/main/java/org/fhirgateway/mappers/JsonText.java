package org.fhirgateway.mappers;

import java.math.BigDecimal;
import org.hl7.fhir.r4.formats.JsonCreator;

/**
 * A compact JSON writer into a StringBuilder, for the R4 reference serializer: it replaces the stock writer,
 * whose string escaping and byte round trip took most of the serialisation time. Not thread-safe; one per
 * bundle.
 * Characters beyond Latin-1 (a typographic apostrophe in a table's display, a name in Greek) are written as
 * JSON unicode escapes: one such character would otherwise turn the whole buffer into UTF-16 and make every
 * later append a widening copy (a third of the serialisation time of a message that has one).
 */
final class JsonText implements JsonCreator {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;
    private boolean needsComma;
    private boolean afterName;

    JsonText(StringBuilder out) {
        this.out = out;
    }

    @Override
    public void setIndent(String indent) {
        // compact only
    }

    @Override
    public void beginObject() {
        separator();
        out.append('{');
        needsComma = false;
    }

    @Override
    public void endObject() {
        out.append('}');
        needsComma = true;
    }

    @Override
    public void beginArray() {
        separator();
        out.append('[');
        needsComma = false;
    }

    @Override
    public void endArray() {
        out.append(']');
        needsComma = true;
    }

    @Override
    public void name(String name) {
        if (needsComma) {
            out.append(',');
        }
        out.append('"').append(name).append("\":");
        afterName = true;
    }

    @Override
    public void nullValue() {
        raw("null");
    }

    @Override
    public void value(String value) {
        separator();
        out.append('"');
        escape(value);
        out.append('"');
        needsComma = true;
    }

    @Override
    public void value(Boolean value) {
        raw(value == null ? "null" : value.toString());
    }

    @Override
    public void value(BigDecimal value) {
        raw(value == null ? "null" : value.toString());
    }

    @Override
    public void valueNum(String value) {
        raw(value == null ? "null" : value);
    }

    @Override
    public void value(Integer value) {
        raw(value == null ? "null" : value.toString());
    }

    @Override
    public void finish() {
        // nothing buffered
    }

    @Override
    public void link(String href) {
        // not used in JSON
    }

    private void raw(String text) {
        separator();
        out.append(text);
        needsComma = true;
    }

    private void separator() {
        if (afterName) {
            afterName = false;
        } else if (needsComma) {
            out.append(',');
        }
    }

    private void escape(String value) {
        int n = value.length();
        int first = firstToEscape(value, n);
        if (first == n) {
            out.append(value); // the common case: one array copy
            return;
        }
        int start = 0;
        for (int i = first; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c <= 0xFF) {
                continue;
            }
            out.append(value, start, i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
                        .append(HEX[c & 0xF]);
            }
            start = i + 1;
        }
        out.append(value, start, n);
    }

    private static int firstToEscape(String value, int n) {
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c > 0xFF) {
                return i;
            }
        }
        return n;
    }
}
