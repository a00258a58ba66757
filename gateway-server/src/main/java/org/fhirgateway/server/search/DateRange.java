package org.fhirgateway.server.search;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A FHIR date/dateTime/instant as the inclusive epoch-millisecond range its precision implies: {@code 2020} is the
 * whole year, {@code 2020-03-01T10:00Z} the whole minute. Used both when indexing and when querying.
 * A value without offset is read in UTC.
 */
record DateRange(long low, long high) {

    static final long MIN = -62135596800000L; // 0001-01-01T00:00:00Z
    static final long MAX = 253402300799999L; // 9999-12-31T23:59:59.999Z

    private static final Pattern FORMAT = Pattern.compile(
            "(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?)?)?)?");

    static DateRange parse(String value) {
        Matcher m = FORMAT.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a FHIR date");
        }
        try {
            int year = Integer.parseInt(m.group(1));
            if (m.group(2) == null) {
                return span(LocalDate.of(year, 1, 1).atStartOfDay(), LocalDate.of(year + 1, 1, 1).atStartOfDay(), ZoneOffset.UTC);
            }
            int month = Integer.parseInt(m.group(2));
            if (m.group(3) == null) {
                LocalDate start = LocalDate.of(year, month, 1);
                return span(start.atStartOfDay(), start.plusMonths(1).atStartOfDay(), ZoneOffset.UTC);
            }
            LocalDate day = LocalDate.of(year, month, Integer.parseInt(m.group(3)));
            if (m.group(4) == null) {
                return span(day.atStartOfDay(), day.plusDays(1).atStartOfDay(), ZoneOffset.UTC);
            }
            ZoneOffset zone = m.group(8) == null ? ZoneOffset.UTC : ZoneOffset.of(m.group(8));
            LocalDateTime minute = day.atTime(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
            if (m.group(6) == null) {
                return span(minute, minute.plusMinutes(1), zone);
            }
            LocalDateTime second = minute.withSecond(Integer.parseInt(m.group(6)));
            if (m.group(7) == null) {
                return span(second, second.plusSeconds(1), zone);
            }
            String fraction = (m.group(7).substring(1) + "000").substring(0, 3);
            long millis = OffsetDateTime.of(second, zone).toInstant().toEpochMilli() + Integer.parseInt(fraction);
            return new DateRange(millis, millis);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("not a valid date", e);
        }
    }

    private static DateRange span(LocalDateTime start, LocalDateTime endExclusive, ZoneOffset zone) {
        long lo = start.toInstant(zone).toEpochMilli();
        long hi = endExclusive.toInstant(zone).toEpochMilli() - 1;
        return new DateRange(lo, hi);
    }
}
