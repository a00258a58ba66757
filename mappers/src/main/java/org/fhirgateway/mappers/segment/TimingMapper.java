package org.fhirgateway.mappers.segment;

import java.math.BigDecimal;
import java.util.Set;
import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Timing;

/**
 * TQ1 to Timing (IG TQ1[ServiceRequest], TQ1[MedicationRequest]): start and end (TQ1-7, TQ1-8) as the bounds,
 * the repeat pattern (TQ1-3) as Timing.code, total occurrences (TQ1-14) as the count; on a ServiceRequest also
 * the quantity (TQ1-2), priority (TQ1-9) and the text instruction (TQ1-11) as a note.
 */
public final class TimingMapper {

    /** HL7 v3 GTSAbbreviation: the repeat patterns of table 0335 that have the same code there. */
    private static final String GTS = "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation";
    private static final Set<String> GTS_CODES = Set.of("BID", "TID", "QID", "AM", "PM", "QD", "QOD", "Q1H", "Q2H",
            "Q3H", "Q4H", "Q6H", "Q8H", "BED", "WK", "MO");
    private static final int[] MAPPED = {1, 2, 3, 7, 8, 9, 11, 14};

    private final MessageContext context;
    private final DataTypes types;
    private final OrderMapper orders;

    public TimingMapper(MessageContext context, OrderMapper orders) {
        this.context = context;
        this.types = context.types();
        this.orders = orders;
    }

    /** The Timing of a TQ1, or null when it says nothing about time. Reports the fields no target reads. */
    public Timing timing(Segment tq1) {
        Timing timing = new Timing();
        Composite pattern = tq1.first(3);
        String code = pattern.text(1);
        if (!code.isEmpty()) {
            CodeableConcept concept = new CodeableConcept();
            if (GTS_CODES.contains(code)) {
                concept.addCoding().setSystem(GTS).setCode(code);
            } else {
                concept.addCoding().setCode(code);
            }
            String text = pattern.text(2);
            if (!text.isEmpty()) {
                concept.setText(text);
            }
            timing.setCode(concept);
        }
        Period bounds = types.times().period(tq1.first(7).text(1), tq1.first(8).text(1), tq1, 7);
        if (bounds != null) {
            timing.getRepeat().setBounds(bounds);
        }
        String count = tq1.text(14);
        if (!count.isEmpty()) {
            if (count.length() < 9 && count.chars().allMatch(Character::isDigit) && Integer.parseInt(count) > 0) {
                timing.getRepeat().setCount(Integer.parseInt(count));
            } else {
                context.issues().add(tq1, 14, "total occurrences is not a positive integer, not mapped");
            }
        }
        FieldCoverage.reportUnmapped(tq1, MAPPED, context.issues());
        return timing.hasCode() || timing.hasRepeat() ? timing : null;
    }

    /** Applies a TQ1 to the ServiceRequest it follows. */
    public void apply(Segment tq1, ServiceRequest request) {
        Timing timing = timing(tq1);
        if (timing != null) {
            if (request.hasOccurrenceDateTimeType()) {
                timing.getEvent().add(request.getOccurrenceDateTimeType().copy()); // OBR-6, the requested time
            }
            request.setOccurrence(timing);
        }
        Quantity quantity = quantity(tq1.first(2), tq1, 2);
        if (quantity != null) {
            request.setQuantity(quantity);
        }
        if (!tq1.text(9).isEmpty()) {
            orders.priority(request, tq1.text(9), tq1, 9);
        }
        String text = tq1.first(11).fullText().strip();
        if (!text.isEmpty()) {
            request.addNote(new Annotation().setText(text));
        }
    }

    /** A CQ (quantity ^ units) as a Quantity, or null; a value that is not a number is reported. */
    Quantity quantity(Composite cq, Segment segment, int field) {
        String value = cq.text(1);
        if (value.isEmpty()) {
            return null;
        }
        Quantity quantity = new Quantity();
        try {
            quantity.setValue(new BigDecimal(value));
        } catch (NumberFormatException e) {
            context.issues().add(segment, field, "quantity is not a number, not mapped: '" + value + "'");
            return null;
        }
        Composite units = cq.part(2);
        String unit = units.text(2).isEmpty() ? units.text(1) : units.text(2);
        if (!unit.isEmpty()) {
            quantity.setUnit(unit);
        }
        return quantity;
    }
}
