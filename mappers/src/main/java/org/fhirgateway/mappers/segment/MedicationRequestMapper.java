package org.fhirgateway.mappers.segment;

import java.math.BigDecimal;
import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.terminology.Concept;
import org.fhirgateway.mappers.terminology.ConceptMapName;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestIntent;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;

/**
 * ORC with RXO (the order as placed) and RXE (as encoded by the pharmacy) to MedicationRequest (IG
 * RXO[MedicationRequest], RXR[MedicationRequest], TQ1[MedicationRequest]): the medication as a
 * CodeableConcept (RXE-2, else RXO-1), one dosage (amounts, units, instructions, route, timing, daily
 * maximum) and the dispense request (amount, refills). RXE wins over RXO for what both carry.
 */
public final class MedicationRequestMapper {

    static final String UCUM = "http://unitsofmeasure.org";
    private static final int[] MAPPED_ORC = {1, 2, 3, 5, 9, 12};
    private static final int[] MAPPED_RXO = {1, 2, 3, 4, 11, 12, 13, 14};
    private static final int[] MAPPED_RXE = {2, 3, 4, 5, 7, 10, 11, 12, 13, 19};

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;

    public MedicationRequestMapper(MessageContext context, Participants participants) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
    }

    /** The key: ORC-2 placer, else ORC-3 filler, else patient, medication and order time. */
    public Identifier key(Segment orc, Segment rxo, Segment rxe) {
        Identifier placer = orc == null ? null : types.identifiers().ei(orc.first(2));
        if (placer != null) {
            return placer;
        }
        Identifier filler = orc == null ? null : types.identifiers().ei(orc.first(3));
        if (filler != null) {
            return filler;
        }
        CodeableConcept medication = medication(rxo, rxe);
        return Keys.of("MedicationRequest", context.patientKey(),
                medication == null ? "" : ConditionMapper.codeKey(medication), orc == null ? "" : orc.text(9));
    }

    /** Maps the order, or returns null (reported) when neither RXE-2 nor RXO-1 names the medication. */
    public MedicationRequest map(Segment orc, Segment rxo, Segment rxe, Identifier key) {
        CodeableConcept medication = medication(rxo, rxe);
        if (medication == null) {
            context.issues().addSegment(rxe != null ? rxe : rxo != null ? rxo : orc,
                    "no medication (RXE-2, RXO-1): medication order not mapped");
            return null;
        }
        MedicationRequest request = new MedicationRequest();
        Identifier placer = orc == null ? null : types.identifiers().ei(orc.first(2));
        Identifier filler = orc == null ? null : types.identifiers().ei(orc.first(3));
        if (!key.equalsDeep(placer) && !key.equalsDeep(filler)) {
            request.addIdentifier(key);
        }
        if (placer != null) {
            request.addIdentifier(OrderMapper.typed(placer, "PLAC", "Placer Identifier"));
        }
        if (filler != null) {
            request.addIdentifier(OrderMapper.typed(filler, "FILL", "Filler Identifier"));
        }
        request.setStatus(status(orc));
        request.setIntent(MedicationRequestIntent.ORDER);
        request.setMedication(medication);
        request.setSubject(context.patient());
        if (context.encounter() != null) {
            request.setEncounter(context.encounter());
        }
        Reference requester = null;
        if (orc != null) {
            DateTimeType authored = types.times().dateTime(orc, 9);
            if (authored != null) {
                request.setAuthoredOnElement(authored);
            }
            requester = participants.practitioner(orc, 12);
            FieldCoverage.reportUnmapped(orc, MAPPED_ORC, context.issues());
        }
        if (requester == null && rxe != null) {
            requester = participants.practitioner(rxe, 13);
        }
        if (requester == null && rxo != null) {
            requester = participants.practitioner(rxo, 14);
        }
        if (requester != null) {
            request.setRequester(requester);
        }
        Dosage dosage = new Dosage();
        if (rxe != null) {
            encoded(rxe, request, dosage);
            FieldCoverage.reportUnmapped(rxe, MAPPED_RXE, context.issues());
        } else if (rxo != null) {
            placed(rxo, request, dosage);
        }
        if (rxo != null) {
            FieldCoverage.reportUnmapped(rxo, MAPPED_RXO, context.issues());
        }
        if (!dosage.isEmpty()) {
            request.addDosageInstruction(dosage);
        }
        return request;
    }

    /** A TQ1's timing as the timing of the order's (first) dosage. */
    public void timing(MedicationRequest request, Timing timing) {
        if (timing == null) {
            return;
        }
        if (!request.hasDosageInstruction()) {
            request.addDosageInstruction();
        }
        Dosage dosage = request.getDosageInstructionFirstRep();
        if (!dosage.hasTiming()) {
            dosage.setTiming(timing);
        }
    }

    /**
     * RXR-1 route and RXR-2 site as those of the order's (first) dosage; {@code encoded}: the RXR of the RXE,
     * which wins over the RXO's.
     */
    public void route(Segment rxr, MedicationRequest request, boolean encoded) {
        if (!request.hasDosageInstruction()) {
            request.addDosageInstruction();
        }
        route(rxr, request.getDosageInstructionFirstRep(), encoded);
    }

    void route(Segment rxr, Dosage dosage, boolean override) {
        CodeableConcept route = types.codes().cwe(rxr, 1);
        if (route != null && (override || !dosage.hasRoute())) {
            dosage.setRoute(route);
        }
        CodeableConcept site = types.codes().cwe(rxr, 2);
        if (site != null && (override || !dosage.hasSite())) {
            dosage.setSite(site);
        }
        FieldCoverage.reportUnmapped(rxr, new int[] {1, 2}, context.issues());
    }

    private void encoded(Segment rxe, MedicationRequest request, Dosage dosage) {
        dose(dosage, rxe, 3, 4, 5);
        String instructions = rxe.first(7).text(2).isEmpty() ? rxe.first(7).text(1) : rxe.first(7).text(2);
        if (!instructions.isEmpty()) {
            dosage.setText(instructions);
        }
        Composite daily = rxe.first(19);
        Quantity total = quantity(rxe, 19, daily.text(1), daily.part(2));
        if (total != null) {
            dosage.setMaxDosePerPeriod(new Ratio().setNumerator(total)
                    .setDenominator(new Quantity().setValue(1).setSystem(UCUM).setCode("d").setUnit("day")));
        }
        dispense(request, rxe, 10, 11, 12);
    }

    private void placed(Segment rxo, MedicationRequest request, Dosage dosage) {
        dose(dosage, rxo, 2, 3, 4);
        dispense(request, rxo, 11, 12, 13);
    }

    /** Give amount minimum, maximum and units: a dose quantity, or a range when a maximum is sent. */
    private void dose(Dosage dosage, Segment segment, int minField, int maxField, int unitField) {
        Quantity min = quantity(segment, minField, segment.text(minField), segment.first(unitField));
        Quantity max = quantity(segment, maxField, segment.text(maxField), segment.first(unitField));
        if (min == null && max == null) {
            return;
        }
        Dosage.DosageDoseAndRateComponent dose = dosage.addDoseAndRate();
        if (max == null) {
            dose.setDose(min);
        } else {
            Range range = new Range().setHigh(max);
            if (min != null) {
                range.setLow(min);
            }
            dose.setDose(range);
        }
    }

    private void dispense(MedicationRequest request, Segment segment, int amountField, int unitField, int refillField) {
        Quantity amount = quantity(segment, amountField, segment.text(amountField), segment.first(unitField));
        if (amount != null) {
            request.getDispenseRequest().setQuantity(amount);
        }
        String refills = segment.text(refillField);
        if (!refills.isEmpty()) {
            if (refills.length() < 9 && refills.chars().allMatch(Character::isDigit)) {
                request.getDispenseRequest().setNumberOfRepeatsAllowed(Integer.parseInt(refills));
            } else {
                context.issues().add(segment, refillField, "number of refills is not a whole number, not mapped");
            }
        }
    }

    /** A number with CWE units (UCUM when the units say so), or null; a value that is no number is reported. */
    Quantity quantity(Segment segment, int field, String value, Composite units) {
        if (value.isEmpty()) {
            return null;
        }
        Quantity quantity = new Quantity();
        try {
            quantity.setValue(new BigDecimal(value));
        } catch (NumberFormatException e) {
            context.issues().add(segment, field, "not a number, not mapped: '" + value + "'");
            return null;
        }
        String code = units.text(1);
        if (!code.isEmpty()) {
            quantity.setUnit(units.text(2).isEmpty() ? code : units.text(2));
            String system = units.text(3);
            if (system.equalsIgnoreCase("UCUM") || system.equals("ISO+") || system.equals("ANS+")) {
                quantity.setSystem(UCUM).setCode(code);
            }
        }
        return quantity;
    }

    private CodeableConcept medication(Segment rxo, Segment rxe) {
        CodeableConcept medication = rxe == null ? null : types.codes().cwe(rxe, 2);
        return medication != null || rxo == null ? medication : types.codes().cwe(rxo, 1);
    }

    /** ORC-5 (else ORC-1) through the request-status maps; revoked is cancelled, or stopped when discontinued. */
    private MedicationRequestStatus status(Segment orc) {
        if (orc == null) {
            return MedicationRequestStatus.UNKNOWN;
        }
        Concept status = orc.text(5).isEmpty() ? null
                : types.codes().lookup(ConceptMapName.ORDER_STATUS, orc.text(5), orc, 5);
        if (status == null && !orc.text(1).isEmpty()) {
            status = types.codes().lookupQuietly(ConceptMapName.ORDER_CONTROL_STATUS, orc.text(1));
        }
        if (status == null) {
            return MedicationRequestStatus.UNKNOWN;
        }
        if (status.code().equals("revoked")) {
            boolean discontinued = orc.text(5).equals("DC") || orc.text(1).startsWith("D") || orc.text(1).equals("OD");
            return discontinued ? MedicationRequestStatus.STOPPED : MedicationRequestStatus.CANCELLED;
        }
        return MedicationRequestStatus.fromCode(status.code());
    }
}
