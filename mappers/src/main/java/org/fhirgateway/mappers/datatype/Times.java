package org.fhirgateway.mappers.datatype;

import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Period;

/**
 * DTM/TS/DT/DR to FHIR date types; a value that does not parse becomes an issue, never an exception. A value that
 * {@link V2DateTime#recover} can repair (milliseconds without their dot) is mapped repaired, and reported.
 */
public final class Times {

    private final DatatypeContext context;

    public Times(DatatypeContext context) {
        this.context = context;
    }

    /** The dateTime of {@code value} (a DTM, or a TS whose first component is one), or null. */
    public DateTimeType dateTime(String value, Segment segment, int field) {
        if (value.isEmpty()) {
            return null;
        }
        String text = V2DateTime.toDateTime(value, context.zone());
        if (text == null) {
            String repaired = V2DateTime.recover(value);
            if (repaired == null) {
                context.issues().add(segment, field, "not a valid timestamp, not mapped: '" + value + "'");
                return null;
            }
            text = V2DateTime.toDateTime(repaired, context.zone());
            context.issues().add(segment, field, recovered(value, text));
        }
        return new DateTimeType(text);
    }

    /** The dateTime of the field's first component (TS and DTM alike). */
    public DateTimeType dateTime(Segment segment, int field) {
        return dateTime(segment.first(field).text(1), segment, field);
    }

    public DateType date(Segment segment, int field) {
        String value = segment.first(field).text(1);
        if (value.isEmpty()) {
            return null;
        }
        String text = V2DateTime.toDate(value);
        if (text == null) {
            String repaired = V2DateTime.recover(value);
            if (repaired == null) {
                context.issues().add(segment, field, "not a valid date, not mapped: '" + value + "'");
                return null;
            }
            text = V2DateTime.toDate(repaired);
            context.issues().add(segment, field, recovered(value, text));
        }
        return new DateType(text);
    }

    /** The instant of a DTM as sent, or null when it does not parse (the caller reports it). */
    public InstantType instant(String value) {
        String text = V2DateTime.toInstant(value, context.zone());
        return text == null ? null : new InstantType(text);
    }

    /** The instant of a DTM, or null (invalid values reported like {@link #dateTime}). */
    public InstantType instant(String value, Segment segment, int field) {
        if (value.isEmpty()) {
            return null;
        }
        String text = V2DateTime.toInstant(value, context.zone());
        if (text == null) {
            String repaired = V2DateTime.recover(value);
            if (repaired == null) {
                context.issues().add(segment, field, "not a valid timestamp, not mapped: '" + value + "'");
                return null;
            }
            text = V2DateTime.toInstant(repaired, context.zone());
            context.issues().add(segment, field, recovered(value, text));
        }
        return new InstantType(text);
    }

    /** The issue of a repaired value (read by the work list as an invalid date: the sender should fix it). */
    public static String recovered(String value, String mapped) {
        return "not a valid timestamp (fraction of a second without its dot), read as " + mapped + ": '" + value + "'";
    }

    /** A period from two values; when the end is before the start the end is dropped (and reported). */
    public Period period(String start, String end, Segment segment, int field) {
        DateTimeType from = start.isEmpty() ? null : dateTime(start, segment, field);
        DateTimeType to = end.isEmpty() ? null : dateTime(end, segment, field);
        if (from == null && to == null) {
            return null;
        }
        Period period = new Period();
        if (from != null) {
            period.setStartElement(from);
        }
        if (to != null) {
            if (from != null && to.getValue().before(from.getValue())) {
                context.issues().add(segment, field, "period end before its start, end not mapped");
            } else {
                period.setEndElement(to);
            }
        }
        return period;
    }
}
