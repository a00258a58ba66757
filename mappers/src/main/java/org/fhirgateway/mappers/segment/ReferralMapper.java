package org.fhirgateway.mappers.segment;

import java.util.Locale;
import org.fhirgateway.mappers.datatype.DataTypes;
import org.fhirgateway.mappers.v2.Composite;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestPriority;
import org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus;

/**
 * RF1 to a referral ServiceRequest (the IG has no RF1 map; same conventions): status (table 0283), priority
 * (0280), type (0281) as category, the referral identifiers (RF1-6 originating, RF1-11 external), effective
 * and expiration dates, reason. PRD to the Practitioner (or, without a name, the Organization) that refers
 * (role RP: requester) or is referred to (RT: performer).
 */
public final class ReferralMapper {

    private static final String SNOMED = "http://snomed.info/sct";
    private static final int[] MAPPED_RF1 = {1, 2, 3, 6, 7, 8, 10, 11};
    private static final int[] MAPPED_PRD = {1, 2, 3, 5, 7, 10};

    private final MessageContext context;
    private final DataTypes types;
    private final Participants participants;

    public ReferralMapper(MessageContext context, Participants participants) {
        this.context = context;
        this.types = context.types();
        this.participants = participants;
    }

    /** RF1-6 originating referral identifier, else RF1-11 external, else patient, type and effective date. */
    public Identifier key(Segment rf1) {
        Identifier originating = types.identifiers().ei(rf1.first(6));
        if (originating != null) {
            return originating;
        }
        Identifier external = types.identifiers().ei(rf1.first(11));
        if (external != null) {
            return external;
        }
        return Keys.of("ServiceRequest", context.patientKey(), "referral", rf1.text(3), rf1.text(7));
    }

    public ServiceRequest map(Segment rf1, Identifier key) {
        ServiceRequest referral = new ServiceRequest();
        Identifier originating = types.identifiers().ei(rf1.first(6));
        if (originating == null) {
            referral.addIdentifier(key);
        } else {
            referral.addIdentifier(OrderMapper.typed(originating, "PLAC", "Placer Identifier"));
        }
        Identifier external = types.identifiers().ei(rf1.first(11));
        if (external != null) {
            referral.addIdentifier(external);
        }
        referral.setStatus(status(rf1));
        referral.setIntent(ServiceRequestIntent.ORDER);
        referral.setCode(new CodeableConcept().addCoding(
                new org.hl7.fhir.r4.model.Coding(SNOMED, "3457005", "Patient referral")));
        CodeableConcept type = types.codes().cwe(rf1, 3);
        if (type != null) {
            referral.addCategory(type);
        }
        priority(rf1, referral);
        referral.setSubject(context.patient());
        if (context.encounter() != null) {
            referral.setEncounter(context.encounter());
        }
        DateTimeType effective = types.times().dateTime(rf1, 7);
        if (effective != null) {
            referral.setAuthoredOnElement(effective);
        }
        DateTimeType expires = types.times().dateTime(rf1, 8);
        if (expires != null) {
            referral.setOccurrence(new Period().setEndElement(expires));
        }
        for (Composite reason : rf1.repetitions(10)) {
            CodeableConcept concept = types.codes().cwe(reason, rf1, 10);
            if (concept != null) {
                referral.addReasonCode(concept);
            }
        }
        FieldCoverage.reportUnmapped(rf1, MAPPED_RF1, context.issues());
        return referral;
    }

    /** Adds a PRD to the referral by its role; a role other than RP or RT is reported. */
    public void provider(Segment prd, ServiceRequest referral) {
        String role = prd.first(1).text(1).toUpperCase(Locale.ROOT);
        Reference provider = provider(prd);
        FieldCoverage.reportUnmapped(prd, MAPPED_PRD, context.issues());
        if (provider == null) {
            context.issues().addSegment(prd, "provider without name or organization, not mapped");
            return;
        }
        if (referral == null) {
            context.issues().addSegment(prd, "provider without a referral (RF1), not linked");
        } else if (role.equals("RP")) {
            referral.setRequester(provider);
        } else if (role.equals("RT")) {
            referral.addPerformer(provider);
        } else {
            context.issues().add(prd, 1, "provider role '" + role + "' is neither referring (RP) nor referred to (RT), not linked");
        }
    }

    private Reference provider(Segment prd) {
        HumanName name = types.names().xpn(prd.first(2), prd, 2);
        if (name == null) {
            return participants.organization(prd.first(10), prd, 10);
        }
        Composite id = prd.first(7);
        Identifier key;
        if (!id.text(1).isEmpty()) {
            key = new Identifier().setSystem(types.context().localSystem()).setValue(id.text(1));
            key.setType(types.identifiers().identifierType(id.text(2), prd, 7));
        } else {
            key = Keys.of("Practitioner", types.context().localSystem(), name.getFamily(), name.getGivenAsSingleString());
        }
        Practitioner practitioner = new Practitioner();
        practitioner.addIdentifier(key);
        practitioner.addName(name);
        for (Composite xad : prd.repetitions(3)) {
            Address address = types.addresses().xad(xad, prd, 3);
            if (address != null) {
                practitioner.addAddress(address);
            }
        }
        for (Composite xtn : prd.repetitions(5)) {
            ContactPoint telecom = types.telecoms().xtn(xtn, prd, 5);
            if (telecom != null) {
                practitioner.addTelecom(telecom);
            }
        }
        Reference reference = context.bundle().upsert(practitioner, key);
        reference.setDisplay(name.getNameAsSingleString());
        return reference;
    }

    private ServiceRequestStatus status(Segment rf1) {
        String code = rf1.first(1).text(1).toUpperCase(Locale.ROOT);
        switch (code) {
            case "A" -> {
                return ServiceRequestStatus.ACTIVE;
            }
            case "P" -> {
                return ServiceRequestStatus.DRAFT;
            }
            case "R" -> {
                return ServiceRequestStatus.REVOKED;
            }
            case "E" -> {
                return ServiceRequestStatus.COMPLETED;
            }
            default -> {
                if (!code.isEmpty()) {
                    context.issues().add(rf1, 1, "referral status '" + code + "' is not in table 0283, status unknown");
                }
                return ServiceRequestStatus.UNKNOWN;
            }
        }
    }

    private void priority(Segment rf1, ServiceRequest referral) {
        String code = rf1.first(2).text(1).toUpperCase(Locale.ROOT);
        switch (code) {
            case "S" -> referral.setPriority(ServiceRequestPriority.STAT);
            case "A" -> referral.setPriority(ServiceRequestPriority.ASAP);
            case "R" -> referral.setPriority(ServiceRequestPriority.ROUTINE);
            case "" -> {
            }
            default -> context.issues().add(rf1, 2, "referral priority '" + code + "' is not in table 0280, not mapped");
        }
    }
}
