package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.terminology.Concept;
import org.fhirgateway.mappers.terminology.ConceptMapName;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.Account;
import org.hl7.fhir.r4.model.Account.GuarantorComponent;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;

/**
 * GT1 to Account.guarantor (the IG's GT1 map is under construction): the party is the Patient itself when the
 * relationship (GT1-11) is SEL (self), an Organization when GT1-21 names one, else a RelatedPerson (GT1-2 id,
 * GT1-3 name, GT1-5 address, GT1-6/7 phones, GT1-8 birth date, GT1-9 sex, GT1-11 relationship). GT1-13/14
 * are the guarantor's period.
 */
public final class GuarantorMapper {

    private static final int[] MAPPED = {1, 2, 3, 5, 6, 7, 8, 9, 11, 13, 14, 21};

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;

    public GuarantorMapper(MessageContext context, Participants participants) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
    }

    /** Adds the guarantor to {@code account}; returns the party's reference, or null when GT1 names none. */
    public Reference map(Segment gt1, Account account) {
        Reference party = party(gt1);
        if (party == null) {
            context.issues().addSegment(gt1, "guarantor without relationship self, organization, id or name, not mapped");
            return null;
        }
        GuarantorComponent guarantor = account.addGuarantor().setParty(party);
        Period period = types.times().period(gt1.text(13), gt1.text(14), gt1, 13);
        if (period != null) {
            guarantor.setPeriod(period);
        }
        FieldCoverage.reportUnmapped(gt1, MAPPED, context.issues());
        return party;
    }

    private Reference party(Segment gt1) {
        if ("SEL".equals(gt1.first(11).text(1))) {
            return new Reference(context.patient().getReference());
        }
        Reference organization = participants.organization(gt1.first(21), gt1, 21);
        if (organization != null) {
            return organization;
        }
        return relatedPerson(gt1);
    }

    private Reference relatedPerson(Segment gt1) {
        RelatedPerson person = new RelatedPerson();
        person.setPatient(context.patient());
        Identifier id = types.identifiers().cx(gt1.first(2), gt1, 2);
        HumanName name = types.names().xpn(gt1.first(3), gt1, 3);
        CodeableConcept relationship = relationship(gt1);
        if (id == null && name == null) {
            return null;
        }
        Identifier key = id;
        if (key == null) {
            String code = relationship != null && relationship.hasCoding() ? relationship.getCodingFirstRep().getCode() : "";
            key = Keys.of("RelatedPerson", context.patientKey(), name.getNameAsSingleString(), code, "GT1");
        }
        person.addIdentifier(key);
        if (name != null) {
            person.addName(name);
        }
        if (relationship != null) {
            person.addRelationship(relationship);
        }
        Address address = types.addresses().xad(gt1.first(5), gt1, 5);
        if (address != null) {
            person.addAddress(address);
        }
        for (int field : new int[] {6, 7}) {
            for (Composite xtn : gt1.repetitions(field)) {
                ContactPoint point = types.telecoms().xtn(xtn, gt1, field);
                if (point != null) {
                    person.addTelecom(point);
                }
            }
        }
        DateType birth = types.times().date(gt1, 8);
        if (birth != null) {
            person.setBirthDateElement(birth);
        }
        Concept gender = types.codes().lookup(ConceptMapName.ADMINISTRATIVE_SEX, gt1.text(9), gt1, 9);
        if (gender != null) {
            person.setGender(AdministrativeGender.fromCode(gender.code()));
        }
        Reference reference = context.bundle().upsert(person, key);
        if (name != null) {
            reference.setDisplay(name.getNameAsSingleString());
        }
        return reference;
    }

    private CodeableConcept relationship(Segment gt1) {
        Composite cwe = gt1.first(11);
        if (cwe.isEmpty()) {
            return null;
        }
        CodeableConcept concept = new CodeableConcept()
                .addCoding(types.codes().mapped(ConceptMapName.RELATIONSHIP, "0063", cwe.text(1), gt1, 11));
        if (!cwe.text(2).isEmpty()) {
            concept.setText(cwe.text(2));
        }
        return concept;
    }
}
