package org.fhirgateway.mappers.datatype;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Converts a v2 DTM/TS/DT value ({@code YYYY[MM[DD[HH[MM[SS[.S...]]]]]][+/-ZZZZ]}) to FHIR date and dateTime
 * text, keeping the sender's precision and offset. A value with a time but no offset gets the configured zone
 * (its offset at that local time, so summer time is right); a date-only value stays a date without zone; hour
 * or minute precision is padded to seconds because R4 dateTime requires them. Hand-written, no regex: it runs
 * for every timestamp of every message.
 */
public final class V2DateTime {

    private V2DateTime() {
    }

    /** The FHIR dateTime text, or null when {@code v2} is not a valid DTM. */
    public static String toDateTime(String v2, ZoneId zone) {
        Parts p = parse(v2);
        if (p == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(29);
        out.append(v2, 0, 4);
        if (p.digits >= 6) {
            out.append('-').append(v2, 4, 6);
        }
        if (p.digits >= 8) {
            out.append('-').append(v2, 6, 8);
        }
        if (p.digits <= 8) {
            return out.toString();
        }
        out.append('T').append(v2, 8, 10).append(':');
        out.append(p.digits >= 12 ? v2.substring(10, 12) : "00").append(':');
        out.append(p.digits >= 14 ? v2.substring(12, 14) : "00");
        if (p.fractionEnd > p.digitsEnd + 1) {
            out.append(v2, p.digitsEnd, p.fractionEnd);
        }
        appendOffset(v2, p, zone, out);
        return out.toString();
    }

    /**
     * The value with the one malformation real feeds send that still says exactly one time, repaired: 15 to 18
     * digits and no dot ({@code 20110613122406637}) are seconds with their fraction, the dot left out
     * ({@code 20110613122406.637}); an offset after them is kept. Null when the value is valid as it is or cannot
     * be repaired so (13 digits, letters, a wrong date...): anything else would be a guess.
     */
    public static String recover(String v2) {
        if (v2 == null) {
            return null;
        }
        int n = v2.length();
        int digits = 0;
        while (digits < n && isDigit(v2.charAt(digits))) {
            digits++;
        }
        if (digits < 15 || digits > 18) {
            return null;
        }
        String repaired = v2.substring(0, 14) + "." + v2.substring(14);
        return parse(repaired) == null ? null : repaired;
    }

    /** A FHIR instant: like {@link #toDateTime} but a date-only value becomes midnight in the zone. */
    public static String toInstant(String v2, ZoneId zone) {
        Parts p = parse(v2);
        if (p == null) {
            return null;
        }
        if (p.digits > 8) {
            return toDateTime(v2, zone);
        }
        String padded = v2.substring(0, 4) + (p.digits >= 6 ? v2.substring(4, 6) : "01")
                + (p.digits >= 8 ? v2.substring(6, 8) : "01") + "0000" + v2.substring(p.digitsEnd);
        return toDateTime(padded, zone);
    }

    /** The FHIR date text (precision kept, time and offset dropped), or null when not a valid DT/DTM. */
    public static String toDate(String v2) {
        Parts p = parse(v2);
        if (p == null) {
            return null;
        }
        String full = toDateTime(v2.substring(0, Math.min(p.digits, 8)), ZoneOffset.UTC);
        return full;
    }

    private static void appendOffset(String v2, Parts p, ZoneId zone, StringBuilder out) {
        if (p.offsetStart >= 0) {
            out.append(v2.charAt(p.offsetStart)).append(v2, p.offsetStart + 1, p.offsetStart + 3)
                    .append(':').append(v2, p.offsetStart + 3, p.offsetStart + 5);
            return;
        }
        LocalDateTime local = LocalDateTime.of(p.year, p.month, p.day, p.hour, p.minute, p.second);
        String id = zone.getRules().getOffset(local).getId();
        out.append("Z".equals(id) ? "+00:00" : id);
    }

    /** The positions and numbers of a valid value; null when invalid. */
    private static Parts parse(String v2) {
        if (v2 == null) {
            return null;
        }
        int n = v2.length();
        int digits = 0;
        while (digits < n && isDigit(v2.charAt(digits))) {
            digits++;
        }
        if (digits != 4 && digits != 6 && digits != 8 && digits != 10 && digits != 12 && digits != 14) {
            return null;
        }
        Parts p = new Parts();
        p.digits = digits;
        p.digitsEnd = digits;
        int i = digits;
        if (digits == 14 && i < n && v2.charAt(i) == '.') {
            i++;
            int start = i;
            while (i < n && isDigit(v2.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 4) {
                return null;
            }
        }
        p.fractionEnd = i;
        p.offsetStart = -1;
        if (i < n) {
            char sign = v2.charAt(i);
            if ((sign != '+' && sign != '-') || n - i != 5 || !allDigits(v2, i + 1, n)) {
                return null;
            }
            p.offsetStart = i;
        }
        return p.fill(v2) ? p : null;
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int number(String s, int from, int to) {
        return Integer.parseInt(s, from, to, 10);
    }

    private static final class Parts {
        int digits;
        int digitsEnd;
        int fractionEnd;
        int offsetStart;
        int year;
        int month = 1;
        int day = 1;
        int hour;
        int minute;
        int second;

        boolean fill(String v2) {
            year = number(v2, 0, 4);
            if (digits >= 6) {
                month = number(v2, 4, 6);
            }
            if (digits >= 8) {
                day = number(v2, 6, 8);
            }
            if (digits >= 10) {
                hour = number(v2, 8, 10);
            }
            if (digits >= 12) {
                minute = number(v2, 10, 12);
            }
            if (digits >= 14) {
                second = number(v2, 12, 14);
            }
            if (offsetStart >= 0 && (number(v2, offsetStart + 1, offsetStart + 3) > 14
                    || number(v2, offsetStart + 3, offsetStart + 5) > 59)) {
                return false;
            }
            try {
                LocalDate.of(year, month, day);
            } catch (DateTimeException e) {
                return false;
            }
            return year >= 1 && hour < 24 && minute < 60 && second < 60;
        }
    }
}
