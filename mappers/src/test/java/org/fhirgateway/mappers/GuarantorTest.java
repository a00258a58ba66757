package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.BillingMappingTest.fullUrl;
import static org.fhirgateway.mappers.BillingMappingTest.resolve;
import static org.fhirgateway.mappers.TestMessages.map;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hl7.fhir.r4.model.Account;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.Test;

/** GT1 to Account.guarantor.party: a RelatedPerson, the Patient itself (self), or an Organization (GT1-21). */
class GuarantorTest {

    @Test
    void aSpouseIsARelatedPerson() {
        // GT1|1|G-77^^^GHH&2.16.840.1.113883.19.3&ISO|DOE^JOHN||1 MAIN ST^^MADISON^WI^53703^US|(608)555-0100|||M||
        //    SPO^Spouse^HL70063||20240101|20241231
        Bundle bundle = map("messages/DFT-P03-charges.hl7").bundle();
        Account account = only(bundle, Account.class);
        Account.GuarantorComponent guarantor = account.getGuarantorFirstRep();
        RelatedPerson person = (RelatedPerson) resolve(bundle, guarantor.getParty().getReference());
        assertEquals("G-77", person.getIdentifierFirstRep().getValue(), "GT1-2");
        assertEquals("urn:oid:2.16.840.1.113883.19.3", person.getIdentifierFirstRep().getSystem());
        assertEquals("DOE", person.getNameFirstRep().getFamily(), "GT1-3");
        assertEquals("JOHN", person.getNameFirstRep().getGivenAsSingleString());
        assertEquals("MADISON", person.getAddressFirstRep().getCity(), "GT1-5");
        assertEquals("(608)555-0100", person.getTelecomFirstRep().getValue(), "GT1-6");
        assertEquals("male", person.getGender().toCode(), "GT1-9");
        assertEquals("SPS", person.getRelationshipFirstRep().getCodingFirstRep().getCode(), "GT1-11 SPO mapped");
        assertEquals(fullUrl(bundle, only(bundle, Patient.class)), person.getPatient().getReference());
        assertEquals("2024-01-01", guarantor.getPeriod().getStartElement().getValueAsString(), "GT1-13");
        assertEquals("2024-12-31", guarantor.getPeriod().getEndElement().getValueAsString(), "GT1-14");
    }

    @Test
    void selfIsThePatientAndAnOrganizationNameIsAnOrganization() {
        Bundle bundle = map("messages/BAR-P01-guarantors.hl7").bundle();
        Account account = only(bundle, Account.class);
        assertEquals(2, account.getGuarantor().size());
        assertEquals(fullUrl(bundle, only(bundle, Patient.class)),
                account.getGuarantor().get(0).getParty().getReference(), "GT1-11 SEL");
        Organization employer = (Organization) resolve(bundle, account.getGuarantor().get(1).getParty().getReference());
        assertEquals("ACME Corp", employer.getName(), "GT1-21.1");
        assertEquals("ORG-1", employer.getIdentifierFirstRep().getValue(), "GT1-21.3");
        assertEquals(0, bundle.getEntry().stream().filter(e -> e.getResource() instanceof RelatedPerson).count());
    }
}
