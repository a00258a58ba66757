package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationDispense.MedicationDispenseStatus;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * RXD (and the RXR after it) to MedicationDispense: medication (RXD-2, else the order's), amount and units,
 * time dispensed, dispensing provider, prescription number, notes, destination, the order it fills, route.
 * Keyed by the order, the dispense sub-id counter (RXD-1) and the dispense time.
 */
public final class DispenseMapper {

    private static final int[] MAPPED = {1, 2, 3, 4, 5, 7, 9, 10, 13};

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;
    private final MedicationRequestMapper requests;

    public DispenseMapper(MessageContext context, Participants participants, MedicationRequestMapper requests) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
        this.requests = requests;
    }

    public Identifier key(Segment rxd, String orderScope) {
        return Keys.of("MedicationDispense", context.patientKey(), orderScope, rxd.text(1), rxd.first(3).text(1));
    }

    /** Maps the dispense of {@code order} (may be null), or null (reported) when no medication is known. */
    public MedicationDispense map(Segment rxd, Identifier key, MedicationRequest order, Reference orderReference) {
        CodeableConcept medication = types.codes().cwe(rxd, 2);
        if (medication == null && order != null && order.hasMedicationCodeableConcept()) {
            medication = order.getMedicationCodeableConcept().copy();
        }
        if (medication == null) {
            context.issues().add(rxd, 2, "no dispense give code and no order: dispense not mapped");
            return null;
        }
        MedicationDispense dispense = new MedicationDispense();
        dispense.addIdentifier(key);
        String prescription = rxd.text(7);
        if (!prescription.isEmpty()) {
            dispense.addIdentifier().setSystem(types.context().localSystem()).setValue(prescription);
        }
        dispense.setStatus(MedicationDispenseStatus.COMPLETED);
        dispense.setMedication(medication);
        dispense.setSubject(context.patient());
        if (context.encounter() != null) {
            dispense.setContext(context.encounter());
        }
        if (orderReference != null) {
            dispense.addAuthorizingPrescription(orderReference.copy());
        }
        Quantity amount = requests.quantity(rxd, 4, rxd.text(4), rxd.first(5));
        if (amount != null) {
            dispense.setQuantity(amount);
        }
        DateTimeType handedOver = types.times().dateTime(rxd, 3);
        if (handedOver != null) {
            dispense.setWhenHandedOverElement(handedOver);
        }
        for (Composite xcn : rxd.repetitions(10)) {
            Reference actor = participants.practitioner(xcn, rxd, 10);
            if (actor != null) {
                dispense.addPerformer().setActor(actor);
            }
        }
        for (Composite note : rxd.repetitions(9)) {
            String text = note.text(2).isEmpty() ? note.text(1) : note.text(2);
            if (!text.isEmpty()) {
                dispense.addNote(new Annotation().setText(text));
            }
        }
        Reference destination = participants.location(rxd.first(13), rxd, 13);
        if (destination != null) {
            dispense.setDestination(destination);
        }
        FieldCoverage.reportUnmapped(rxd, MAPPED, context.issues());
        return dispense;
    }

    /** RXR after the RXD: the route of the dispensed medication. */
    public void route(Segment rxr, MedicationDispense dispense) {
        if (!dispense.hasDosageInstruction()) {
            dispense.addDosageInstruction(new Dosage());
        }
        requests.route(rxr, dispense.getDosageInstructionFirstRep(), false);
    }
}
