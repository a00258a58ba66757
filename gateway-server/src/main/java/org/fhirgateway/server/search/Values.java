package org.fhirgateway.server.search;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;

/** Helpers shared by the parameter kinds: text normalisation, LIKE escaping, value splitting. */
final class Values {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private Values() {
    }

    /** Lower case without accents: the form string search compares. */
    static String normalize(String s) {
        if (s == null) {
            return null;
        }
        String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD);
        return MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT).trim();
    }

    /** Escapes LIKE wildcards with '!' (use {@code ESCAPE '!'}). */
    static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** Splits {@code a|b} at the first unescaped bar; returns null for the left part when there is no bar. */
    static String[] splitBar(String value) {
        int bar = indexOfUnescaped(value, '|');
        if (bar < 0) {
            return new String[] {null, unescape(value)};
        }
        return new String[] {unescape(value.substring(0, bar)), value.substring(bar + 1)};
    }

    static int indexOfUnescaped(String s, char c) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    static String unescape(String s) {
        return s.replace("\\|", "|").replace("\\,", ",").replace("\\$", "$").replace("\\\\", "\\");
    }

    static StoreException invalid(String paramName, String why) {
        return new StoreException(StoreError.INVALID_SEARCH_VALUE, "parameter " + paramName + ": " + why);
    }
}
