package org.fhirgateway.mappers.segment;

import java.math.BigDecimal;
import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.terminology.Concept;
import org.fhirgateway.mappers.terminology.ConceptMapName;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.Immunization.ImmunizationStatus;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * ORC, RXA and RXR to Immunization (IG ORC[Immunization], RXA[Immunization], RXR[Immunization]): identifiers
 * from ORC-3/ORC-2, vaccine, time, dose, performers (RXA-10 administering, ORC-12 ordering), lot, expiry,
 * manufacturer, refusal reason, indication, status from RXA-20/RXA-21, record origin from RXA-9 (NIP001),
 * location; route and site from RXR. The OBX after an RXA are {@link ImmunizationObservations}.
 */
public final class ImmunizationMapper {

    private static final String FUNCTION = "http://terminology.hl7.org/CodeSystem/v2-0443";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final int[] MAPPED_RXA = {1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 15, 16, 17, 18, 19, 20, 21, 22, 27};
    private static final int[] MAPPED_ORC = {1, 2, 3, 5, 9, 12};

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;

    public ImmunizationMapper(MessageContext context, Participants participants) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
    }

    /** The key: ORC-3 (filler: the sending system's id of the dose), else ORC-2, else patient, vaccine, time. */
    public Identifier key(Segment orc, Segment rxa) {
        if (orc != null) {
            Identifier filler = types.identifiers().ei(orc.first(3));
            if (filler != null) {
                return filler;
            }
            Identifier placer = types.identifiers().ei(orc.first(2));
            if (placer != null) {
                return placer;
            }
        }
        CodeableConcept vaccine = types.codes().cwe(rxa, 5);
        return Keys.of("Immunization", context.patientKey(), vaccine == null ? "" : ConditionMapper.codeKey(vaccine),
                rxa.text(3));
    }

    /** Maps the dose, or returns null (reported) when RXA-5 (vaccine) or RXA-3 (time) is empty. */
    public Immunization map(Segment orc, Segment rxa, Identifier key) {
        CodeableConcept vaccine = types.codes().cwe(rxa, 5);
        if (vaccine == null) {
            context.issues().add(rxa, 5, "administered code is empty: immunization not mapped");
            return null;
        }
        DateTimeType time = types.times().dateTime(rxa, 3);
        if (time == null) {
            context.issues().add(rxa, 3, "no administration time: immunization not mapped");
            return null;
        }
        Immunization immunization = new Immunization();
        immunization.addIdentifier(key);
        if (orc != null) {
            Identifier placer = types.identifiers().ei(orc.first(2));
            if (placer != null && !placer.equalsDeep(key)) {
                immunization.addIdentifier(OrderMapper.typed(placer, "PLAC", "Placer Identifier"));
            }
        }
        immunization.setStatus(status(rxa));
        immunization.setVaccineCode(vaccine);
        immunization.setPatient(context.patient());
        if (context.encounter() != null) {
            immunization.setEncounter(context.encounter());
        }
        immunization.setOccurrence(time);
        DateTimeType recorded = types.times().dateTime(rxa, 22);
        if (recorded != null) {
            immunization.setRecordedElement(recorded);
        }
        origin(rxa, immunization);
        dose(rxa, immunization);
        performer(immunization, participants.practitioner(rxa, 10), "AP", "Administering Provider");
        if (orc != null) {
            performer(immunization, participants.practitioner(orc, 12), "OP", "Ordering Provider");
            FieldCoverage.reportUnmapped(orc, MAPPED_ORC, context.issues());
        }
        Reference location = participants.location(rxa.first(27), rxa, 27);
        if (location == null) {
            location = participants.location(rxa.first(11), rxa, 11); // LA2 starts as a PL does
        }
        if (location != null) {
            immunization.setLocation(location);
        }
        String lot = rxa.text(15);
        if (!lot.isEmpty()) {
            immunization.setLotNumber(lot);
        }
        DateType expiry = types.times().date(rxa, 16);
        if (expiry != null) {
            immunization.setExpirationDateElement(expiry);
        }
        manufacturer(rxa, immunization);
        CodeableConcept refusal = types.codes().cwe(rxa, 18);
        if (refusal != null) {
            immunization.setStatusReason(refusal);
        }
        for (Composite indication : rxa.repetitions(19)) {
            CodeableConcept reason = types.codes().cwe(indication, rxa, 19);
            if (reason != null) {
                immunization.addReasonCode(reason);
            }
        }
        FieldCoverage.reportUnmapped(rxa, MAPPED_RXA, context.issues());
        return immunization;
    }

    /** RXR-1 route and RXR-2 site. */
    public void route(Segment rxr, Immunization immunization) {
        CodeableConcept route = types.codes().cwe(rxr, 1);
        if (route != null) {
            Concept v3 = types.codes().lookupQuietly(ConceptMapName.ROUTE_OF_ADMINISTRATION, rxr.text(1));
            if (v3 != null && (rxr.first(1).text(3).isEmpty() || rxr.first(1).text(3).equals("HL70162"))) {
                route.addCoding(new Coding(v3.system(), v3.code(), v3.display()));
            }
            immunization.setRoute(route);
        }
        CodeableConcept site = types.codes().cwe(rxr, 2);
        if (site != null) {
            immunization.setSite(site);
        }
        FieldCoverage.reportUnmapped(rxr, new int[] {1, 2}, context.issues());
    }

    private ImmunizationStatus status(Segment rxa) {
        if ("D".equals(rxa.text(21))) {
            return ImmunizationStatus.ENTEREDINERROR;
        }
        Concept status = types.codes().lookup(ConceptMapName.COMPLETION_STATUS, rxa.text(20), rxa, 20);
        return status == null ? ImmunizationStatus.COMPLETED : ImmunizationStatus.fromCode(status.code());
    }

    /** RXA-9 (NIP001): 00 is a new record (primary source), 01 to 08 historical records from other sources. */
    private void origin(Segment rxa, Immunization immunization) {
        Composite source = rxa.first(9);
        String code = source.text(1);
        if (code.isEmpty()) {
            return;
        }
        immunization.setPrimarySource("00".equals(code));
        if (!"00".equals(code)) {
            CodeableConcept origin = types.codes().cwe(source, rxa, 9);
            if (origin != null) {
                immunization.setReportOrigin(origin);
            }
        }
    }

    private void dose(Segment rxa, Immunization immunization) {
        String amount = rxa.text(6);
        if (amount.isEmpty() || amount.equals("999")) {
            return; // 999: amount unknown (CDC IG)
        }
        Quantity dose = new Quantity();
        try {
            dose.setValue(new BigDecimal(amount));
        } catch (NumberFormatException e) {
            context.issues().add(rxa, 6, "administered amount is not a number, not mapped: '" + amount + "'");
            return;
        }
        Composite units = rxa.first(7);
        if (!units.text(1).isEmpty()) {
            dose.setUnit(units.text(2).isEmpty() ? units.text(1) : units.text(2));
            String system = units.text(3);
            if (system.equalsIgnoreCase("UCUM") || system.equals("ISO+")) {
                dose.setSystem(UCUM).setCode(units.text(1));
            }
        }
        immunization.setDoseQuantity(dose);
    }

    private void performer(Immunization immunization, Reference actor, String code, String display) {
        if (actor != null) {
            immunization.addPerformer().setActor(actor).setFunction(
                    new CodeableConcept().addCoding(new Coding(FUNCTION, code, display)));
        }
    }

    private void manufacturer(Segment rxa, Immunization immunization) {
        Composite cwe = rxa.first(17);
        String code = cwe.text(1);
        String name = cwe.text(2).isEmpty() ? code : cwe.text(2);
        if (name.isEmpty()) {
            return;
        }
        String system = code.isEmpty() ? null : types.context().terminology().codingSystem(cwe.text(3));
        Identifier key = code.isEmpty() ? Keys.of("Organization", types.context().localSystem(), name)
                : new Identifier().setSystem(system != null ? system : types.context().localSystem()).setValue(code);
        immunization.setManufacturer(participants.organization(key, name));
    }
}
