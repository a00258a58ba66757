package org.fhirgateway.mappers.datatype;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** URI building blocks: percent-encoding of one URI segment, OID checks, name-based UUIDs. */
public final class Uris {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Uris() {
    }

    /** Percent-encodes everything except RFC 3986 unreserved characters (UTF-8). */
    public static String encode(String text) {
        return encode(text, false);
    }

    /** Percent-encodes a query parameter value, keeping ':' and '/' readable (as RFC 3986 allows). */
    public static String encodeQuery(String text) {
        return encode(text, true);
    }

    private static String encode(String text, boolean query) {
        StringBuilder out = null;
        byte[] bytes = null;
        for (int i = 0; i < text.length(); i++) {
            if (!isAllowed(text.charAt(i), query)) {
                bytes = text.getBytes(StandardCharsets.UTF_8);
                out = new StringBuilder(text.length() + 16);
                break;
            }
        }
        if (bytes == null) {
            return text;
        }
        for (byte b : bytes) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && isAllowed(c, query)) {
                out.append(c);
            } else {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return out.toString();
    }

    /** True for a syntactically valid OID of three arcs or more, such as 2.16.840.1.113883. */
    public static boolean isOid(String text) {
        int n = text.length();
        if (n < 5 || text.charAt(0) < '0' || text.charAt(0) > '2' || text.charAt(1) != '.') {
            return false;
        }
        boolean digitSeen = false;
        int dots = 1;
        char previous = '.';
        for (int i = 2; i < n; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (!digitSeen) {
                    return false;
                }
                digitSeen = false;
                dots++;
            } else if (c >= '0' && c <= '9') {
                if (c == '0' && previous == '.' && i + 1 < n && text.charAt(i + 1) != '.') {
                    return false; // no leading zeros
                }
                digitSeen = true;
            } else {
                return false;
            }
            previous = c;
        }
        return digitSeen && dots >= 2;
    }

    /** True for an absolute URI without whitespace (scheme ':' rest). */
    public static boolean isUri(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '|' || c == '"' || c == '<' || c == '>') {
                return false;
            }
        }
        return Character.isLetter(text.charAt(0)) && text.substring(0, colon).chars()
                .allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
    }

    /** A name-based (version 3) UUID of the text: the same text always gives the same UUID. */
    public static String uuid(String text) {
        return UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static boolean isAllowed(char c, boolean query) {
        return isUnreserved(c) || (query && (c == ':' || c == '/'));
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
