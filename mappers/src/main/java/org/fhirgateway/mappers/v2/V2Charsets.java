package org.fhirgateway.mappers.v2;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes raw v2 bytes with the character set that MSH-18 names (HL7 table 0211), before any parsing.
 * Without MSH-18 the configured default applies; bytes that are not valid in the chosen set fall back to
 * ISO 8859-1 (every byte is a character there) instead of turning into replacement characters.
 */
public final class V2Charsets {

    private V2Charsets() {
    }

    /** Text decoded from raw bytes, and the charset that decoded it (the one to answer in). */
    public record Decoded(String text, Charset charset) {
    }

    public static String decode(byte[] raw, Charset defaultCharset) {
        return read(raw, defaultCharset).text();
    }

    /** Decodes with MSH-18's charset, else {@code defaultCharset}; bytes invalid in it fall back to ISO 8859-1. */
    public static Decoded read(byte[] raw, Charset defaultCharset) {
        Charset declared = declared(raw);
        Charset chosen = declared != null ? declared : defaultCharset;
        try {
            String text = chosen.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
            return new Decoded(text, chosen);
        } catch (CharacterCodingException e) {
            return new Decoded(new String(raw, StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
        }
    }

    /** The charset named by MSH-18 of the first message in {@code raw}, or null when none or unknown. */
    public static Charset declared(byte[] raw) {
        int msh = indexOf(raw, new byte[] {'M', 'S', 'H'});
        if (msh < 0 || msh + 3 >= raw.length) {
            return null;
        }
        byte fieldSeparator = raw[msh + 3];
        int field = 2; // the text after "MSH|" is MSH-2 (MSH-1 is the separator itself)
        int start = msh + 4;
        for (int i = msh + 4; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '\r' || b == '\n') {
                break;
            }
            if (b == fieldSeparator) {
                field++;
                if (field == 18) {
                    start = i + 1;
                } else if (field == 19) {
                    return forTable0211(ascii(raw, start, i));
                }
            }
        }
        return field == 18 ? forTable0211(ascii(raw, start, lineEnd(raw, start))) : null;
    }

    /** Maps an HL7 table 0211 value (first repetition) to a Java charset. */
    static Charset forTable0211(String value) {
        String first = value.split("~", 2)[0].split("\\^", 2)[0].trim().toUpperCase();
        return switch (first) {
            case "ASCII" -> StandardCharsets.US_ASCII;
            case "8859/1" -> StandardCharsets.ISO_8859_1;
            case "8859/2" -> Charset.forName("ISO-8859-2");
            case "8859/15" -> Charset.forName("ISO-8859-15");
            case "UNICODE UTF-8", "UTF-8" -> StandardCharsets.UTF_8;
            case "UNICODE UTF-16", "UNICODE" -> StandardCharsets.UTF_16;
            default -> null;
        };
    }

    private static int lineEnd(byte[] raw, int from) {
        int i = from;
        while (i < raw.length && raw[i] != '\r' && raw[i] != '\n') {
            i++;
        }
        return i;
    }

    private static String ascii(byte[] raw, int from, int to) {
        return new String(raw, from, Math.max(0, to - from), StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] raw, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= raw.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (raw[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
