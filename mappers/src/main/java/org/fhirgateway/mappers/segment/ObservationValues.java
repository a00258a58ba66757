package org.fhirgateway.mappers.segment;

import java.math.BigDecimal;
import java.util.List;
import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.datatype.V2DateTime;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.TimeType;
import org.hl7.fhir.r4.model.Type;

/** OBX-5 typed by OBX-2 (NM, ST, TX, FT, CWE/CE/CNE/CF, SN, DT, TS/DTM, TM) with units from OBX-6. */
final class ObservationValues {

    private static final String UCUM = "http://unitsofmeasure.org";
    /** Digits before, and after, the point of a numeric value (NM, SN): far beyond any measurement. */
    private static final int MAX_DIGITS = 100;
    private static final java.util.Set<String> COMPARATORS = java.util.Set.of("<", ">", "<=", ">=");

    private final MessageContext context;
    private final DataTypes types;

    ObservationValues(MessageContext context) {
        this.context = context;
        this.types = context.types();
    }

    /** The value, or null when there is none or it cannot be read (then reported). */
    Type value(Segment obx) {
        List<Composite> values = obx.repetitions(5);
        if (values.isEmpty()) {
            return null;
        }
        String type = obx.text(2).toUpperCase();
        if (values.size() > 1 && !isText(type)) {
            context.issues().add(obx, 5, "only the first of " + values.size() + " repetitions mapped for type " + type);
        }
        Composite first = values.get(0);
        switch (type) {
            case "ST", "TX", "FT":
                return new StringType(joined(values));
            case "NM":
                return quantity(first.text(1), obx);
            case "CWE", "CE", "CNE", "CF", "IS", "ID":
                return types.codes().cwe(first, obx, 5);
            case "NR":
                return range(first.text(1), first.text(2), obx);
            case "DR":
                return period(first, obx);
            case "SN":
                return structuredNumeric(first, obx);
            case "DT", "TS", "DTM":
                return dateTime(first.text(1), obx);
            case "TM":
                return time(first.text(1), obx);
            case "NA":
                // the IG maps NA to SampledData but gives no guidance yet (v2 has no sampling period)
                context.issues().add(obx, 5, "numeric array (NA) not mapped: no SampledData guidance in the IG");
                return null;
            default:
                context.issues().add(obx, 2, "value type '" + type + "' not mapped");
                return null;
        }
    }

    private static boolean isText(String type) {
        return type.equals("ST") || type.equals("TX") || type.equals("FT");
    }

    private static String joined(List<Composite> values) {
        StringBuilder text = new StringBuilder();
        for (Composite value : values) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(value.fullText());
        }
        return text.toString();
    }

    private Quantity quantity(String number, Segment obx) {
        BigDecimal value = decimal(number, obx);
        if (value == null) {
            return null;
        }
        Quantity quantity = new Quantity().setValue(value);
        unit(quantity, obx.first(6));
        return quantity;
    }

    private void unit(Quantity quantity, Composite units) {
        String code = units.text(1);
        if (code.isEmpty()) {
            return;
        }
        String text = units.text(2);
        quantity.setUnit(text.isEmpty() ? code : text);
        String system = units.text(3);
        if (system.isEmpty() || "UCUM".equalsIgnoreCase(system)) {
            // unlabelled units are usually UCUM, but without a system we must not claim it
            if (!system.isEmpty()) {
                quantity.setSystem(UCUM).setCode(code);
            }
        } else {
            String uri = context.types().context().terminology().codingSystem(system);
            if (uri != null) {
                quantity.setSystem(uri).setCode(code);
            }
        }
    }

    private Type structuredNumeric(Composite sn, Segment obx) {
        String comparator = sn.text(1);
        String separator = sn.text(3);
        if (comparator.equals("<>") || separator.equals("+")) {
            // IG: these have no FHIR numeric form; the parts are kept as text
            return new StringType(String.join(" ", sn.text(1), sn.text(2), sn.text(3), sn.text(4)).strip());
        }
        BigDecimal first = decimal(sn.text(2), obx);
        if (first == null) {
            return null;
        }
        if (separator.isEmpty()) {
            Quantity quantity = quantity(sn.text(2), obx);
            if (!comparator.isEmpty() && !comparator.equals("=")) {
                if (!COMPARATORS.contains(comparator)) {
                    context.issues().add(obx, 5, "comparator '" + comparator + "' not mapped");
                    return null;
                }
                quantity.setComparator(Quantity.QuantityComparator.fromCode(comparator));
            }
            return quantity;
        }
        BigDecimal second = decimal(sn.text(4), obx);
        if (second == null) {
            return null;
        }
        if (separator.equals(":") || separator.equals("/")) {
            return new Ratio().setNumerator(new Quantity().setValue(first)).setDenominator(new Quantity().setValue(second));
        }
        if (separator.equals("-")) {
            return range(sn.text(2), sn.text(4), obx);
        }
        context.issues().add(obx, 5, "structured numeric separator '" + separator + "' not mapped");
        return null;
    }

    private Range range(String low, String high, Segment obx) {
        BigDecimal from = decimal(low, obx);
        BigDecimal to = decimal(high, obx);
        if (from == null && to == null) {
            return null;
        }
        Range range = new Range();
        if (from != null) {
            range.getLow().setValue(from);
        }
        if (to != null) {
            range.getHigh().setValue(to);
        }
        return range;
    }

    private Period period(Composite dr, Segment obx) {
        return types.times().period(dr.part(1).text(1), dr.part(2).text(1), obx, 5);
    }

    private BigDecimal decimal(String text, Segment obx) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return null;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(trimmed.startsWith("+") ? trimmed.substring(1) : trimmed);
        } catch (NumberFormatException e) {
            context.issues().add(obx, 5, "not a number, value not mapped: '" + trimmed + "'");
            return null;
        }
        // 1e9999999 would be written out as ten million digits by every FHIR encoder: no measurement needs it
        if ((long) value.precision() - value.scale() > MAX_DIGITS || value.scale() > MAX_DIGITS) {
            context.issues().add(obx, 5, "number out of range (more than " + MAX_DIGITS
                    + " digits before or after the point), value not mapped");
            return null;
        }
        return value;
    }

    private DateTimeType dateTime(String text, Segment obx) {
        return types.times().dateTime(text, obx, 5);
    }

    private TimeType time(String text, Segment obx) {
        String digits = text.length() > 6 ? text.substring(0, 6) : text;
        if ((digits.length() == 4 || digits.length() == 6) && digits.chars().allMatch(Character::isDigit)) {
            String padded = digits.length() == 4 ? digits + "00" : digits;
            String value = V2DateTime.toDateTime("20000101" + padded, java.time.ZoneOffset.UTC);
            if (value != null) {
                return new TimeType(value.substring(11, 19));
            }
        }
        context.issues().add(obx, 5, "not a valid time, value not mapped: '" + text + "'");
        return null;
    }
}
