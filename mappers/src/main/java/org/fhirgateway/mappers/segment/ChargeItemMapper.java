package org.fhirgateway.mappers.segment;

import java.math.BigDecimal;
import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.datatype.Uris;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.ChargeItem;
import org.hl7.fhir.r4.model.ChargeItem.ChargeItemStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * FT1 (financial transaction) to ChargeItem. The IG has no FT1 map yet; this follows the conventions of the
 * others. Status from FT1-6 (table 0017): CG charge is billable, CD credit and AJ adjustment reverse or correct
 * a charge and are entered-in-error, PY payment is no charge (reported, not mapped). Key: FT1-2 transaction id
 * (FT1-3 batch id before it when sent) under the sender's system, else a gateway key of patient, account,
 * set id (FT1-1), transaction date (FT1-4), code (FT1-7) and quantity (FT1-10).
 */
public final class ChargeItemMapper {

    private static final int[] MAPPED = {1, 2, 3, 4, 6, 7, 10, 11, 12, 19, 20, 21};

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;

    public ChargeItemMapper(MessageContext context, Participants participants) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
    }

    /** Adds the ChargeItem on the Account under {@code accountKey}; null when the FT1 is no charge. */
    public ChargeItem map(Segment ft1, Identifier accountKey) {
        String type = ft1.first(6).text(1);
        if ("PY".equals(type)) {
            context.issues().add(ft1, 6, "a payment (FT1-6 PY) is no charge, not mapped");
            return null;
        }
        CodeableConcept code = types.codes().cwe(ft1, 7);
        if (code == null) {
            context.issues().addSegment(ft1, "financial transaction without a code (FT1-7), not mapped");
            return null;
        }
        ChargeItem charge = new ChargeItem();
        Identifier key = key(ft1, code, accountKey);
        charge.addIdentifier(key);
        charge.setStatus(status(type, ft1));
        charge.setCode(code);
        charge.setSubject(context.patient());
        if (context.encounter() != null) {
            charge.setContext(context.encounter());
        }
        charge.addAccount(context.bundle().referenceTo("Account", accountKey));
        occurrence(ft1, charge);
        BigDecimal quantity = number(ft1.text(10), ft1, 10);
        if (quantity != null) {
            charge.getQuantity().setValue(quantity);
        }
        price(ft1, charge, quantity);
        for (Composite cwe : ft1.repetitions(19)) {
            CodeableConcept reason = types.codes().cwe(cwe, ft1, 19);
            if (reason != null) {
                charge.addReason(reason);
            }
        }
        performers(ft1, 20, "Performed by (FT1-20)", charge);
        performers(ft1, 21, "Ordered by (FT1-21)", charge);
        FieldCoverage.reportUnmapped(ft1, MAPPED, context.issues());
        context.bundle().upsert(charge, key);
        return charge;
    }

    private Identifier key(Segment ft1, CodeableConcept code, Identifier account) {
        String id = ft1.text(2);
        if (!id.isEmpty()) {
            String batch = ft1.text(3);
            return new Identifier().setSystem(Keys.SYSTEM + ":ft1:" + Uris.uuid(types.context().localSystem()))
                    .setValue(batch.isEmpty() ? id : batch + "/" + id);
        }
        return Keys.of("ChargeItem", context.patientKey(), account.getSystem() + "|" + account.getValue(), ft1.text(1),
                ft1.first(4).text(1), ConditionMapper.codeKey(code), ft1.text(10));
    }

    private ChargeItemStatus status(String type, Segment ft1) {
        switch (type) {
            case "CG" -> {
                return ChargeItemStatus.BILLABLE;
            }
            case "CD", "AJ" -> {
                return ChargeItemStatus.ENTEREDINERROR;
            }
            case "" -> {
                return ChargeItemStatus.UNKNOWN;
            }
            default -> {
                context.issues().add(ft1, 6, "transaction type outside table 0017 (CG, CD, AJ, PY), status unknown");
                return ChargeItemStatus.UNKNOWN;
            }
        }
    }

    /** FT1-4 (DR: start ^ end) as a dateTime, or a Period when the end is sent. */
    private void occurrence(Segment ft1, ChargeItem charge) {
        Composite range = ft1.first(4);
        if (range.text(2).isEmpty()) {
            DateTimeType start = types.times().dateTime(range.text(1), ft1, 4);
            if (start != null) {
                charge.setOccurrence(start);
            }
            return;
        }
        Period period = types.times().period(range.text(1), range.text(2), ft1, 4);
        if (period != null) {
            charge.setOccurrence(period);
        }
    }

    /** FT1-11 (extended amount) as priceOverride; without it FT1-12 (unit amount) times the quantity. */
    private void price(Segment ft1, ChargeItem charge, BigDecimal quantity) {
        Money extended = money(ft1, 11);
        if (extended != null) {
            charge.setPriceOverride(extended);
            charge.setOverrideReason("FT1-11 transaction amount (extended)");
            return;
        }
        Money unit = money(ft1, 12);
        if (unit != null) {
            BigDecimal factor = quantity == null ? BigDecimal.ONE : quantity;
            charge.setPriceOverride(unit.setValue(unit.getValue().multiply(factor)));
            charge.setOverrideReason("FT1-12 transaction amount (unit) times FT1-10 quantity");
        }
    }

    /** CP: price (MO: quantity & denomination) ^ price type ^ ...; null when empty or not a number. */
    private Money money(Segment ft1, int field) {
        Composite price = ft1.first(field).part(1);
        BigDecimal value = number(price.text(1), ft1, field);
        if (value == null) {
            return null;
        }
        Money money = new Money().setValue(value);
        String currency = price.text(2);
        if (currency.matches("[A-Z]{3}")) {
            money.setCurrency(currency);
        } else if (!currency.isEmpty()) {
            context.issues().add(ft1, field, "currency is not an ISO 4217 code, left out");
        }
        return money;
    }

    private BigDecimal number(String text, Segment ft1, int field) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            context.issues().add(ft1, field, "not a number, not mapped");
            return null;
        }
    }

    private void performers(Segment ft1, int field, String function, ChargeItem charge) {
        for (Composite xcn : ft1.repetitions(field)) {
            Reference actor = participants.practitioner(xcn, ft1, field);
            if (actor != null) {
                charge.addPerformer().setActor(actor).getFunction().setText(function);
            }
        }
    }
}
