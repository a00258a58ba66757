package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.terminology.Concept;
import org.fhirgateway.mappers.terminology.ConceptMapName;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Patient.ContactComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;

/** NK1 to Patient.contact and to RelatedPerson (IG maps NK1[Patient] and NK1[RelatedPerson]). */
public final class NextOfKinMapper {

    private static final int[] MAPPED = {1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 15, 33};

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;

    public NextOfKinMapper(MessageContext context, Participants participants) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
    }

    /** Adds the contact to {@code patient} and a RelatedPerson to the bundle. */
    public void map(Segment nk1, Patient patient) {
        HumanName name = types.names().xpn(nk1.first(2), nk1, 2);
        Address address = types.addresses().xad(nk1.first(4), nk1, 4);
        CodeableConcept relationship = relationship(nk1);
        Coding role = types.codes().mapped(ConceptMapName.CONTACT_ROLE, "0131", nk1.text(7), nk1, 7);
        Reference organization = participants.organization(nk1.first(13), nk1, 13);
        ContactComponent contact = new ContactComponent();
        if (role != null) {
            contact.addRelationship(new CodeableConcept().addCoding(role));
        }
        if (relationship != null) {
            contact.addRelationship(relationship);
        }
        contact.setName(name);
        contact.setAddress(address);
        for (int field : new int[] {5, 6}) {
            for (Composite xtn : nk1.repetitions(field)) {
                ContactPoint point = types.telecoms().xtn(xtn, nk1, field);
                if (point != null) {
                    contact.addTelecom(point);
                }
            }
        }
        contact.setOrganization(organization);
        AdministrativeGender gender = gender(nk1);
        if (gender != null) {
            contact.setGender(gender);
        }
        Period period = types.times().period(nk1.text(8), nk1.text(9), nk1, 8);
        contact.setPeriod(period);
        if (name != null || address != null || contact.hasTelecom() || organization != null) {
            patient.addContact(contact);
            relatedPerson(nk1, contact, relationship);
        } else {
            context.issues().addSegment(nk1, "next of kin has no name, address, telecom or organization, not mapped");
        }
        FieldCoverage.reportUnmapped(nk1, MAPPED, context.issues());
    }

    private void relatedPerson(Segment nk1, ContactComponent contact, CodeableConcept relationship) {
        RelatedPerson person = new RelatedPerson();
        person.setPatient(context.patient());
        Identifier key = null;
        for (Composite cx : nk1.repetitions(33)) {
            Identifier id = types.identifiers().cx(cx, nk1, 33);
            if (id != null) {
                person.addIdentifier(id);
                key = key == null ? id : key;
            }
        }
        if (key == null) {
            String name = contact.hasName() ? contact.getName().getNameAsSingleString() : "";
            String code = relationship != null && relationship.hasCoding() ? relationship.getCodingFirstRep().getCode() : "";
            key = Keys.of("RelatedPerson", context.patientKey(), name, code, nk1.text(4));
            person.addIdentifier(key);
        }
        if (relationship != null) {
            person.addRelationship(relationship);
        }
        if (contact.hasName()) {
            person.addName(contact.getName());
        }
        person.setTelecom(contact.getTelecom());
        if (contact.hasAddress()) {
            person.addAddress(contact.getAddress());
        }
        if (contact.hasGender()) {
            person.setGender(contact.getGender());
        }
        person.setPeriod(contact.getPeriod());
        context.bundle().upsert(person, key);
    }

    private CodeableConcept relationship(Segment nk1) {
        Composite cwe = nk1.first(3);
        if (cwe.isEmpty()) {
            return null;
        }
        Coding mapped = types.codes().mapped(ConceptMapName.RELATIONSHIP, "0063", cwe.text(1), nk1, 3);
        CodeableConcept concept = new CodeableConcept().addCoding(mapped);
        if (!cwe.text(2).isEmpty()) {
            concept.setText(cwe.text(2));
        }
        return concept;
    }

    private AdministrativeGender gender(Segment nk1) {
        Concept gender = types.codes().lookup(ConceptMapName.ADMINISTRATIVE_SEX, nk1.text(15), nk1, 15);
        return gender == null ? null : AdministrativeGender.fromCode(gender.code());
    }
}
