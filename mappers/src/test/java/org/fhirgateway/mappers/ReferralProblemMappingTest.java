package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.map;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.fhirgateway.mappers.TestMessages.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** REF^I12: RF1 and PRD to a referral ServiceRequest; PPR^PC1-PC3: PRB to problem-list Conditions. */
class ReferralProblemMappingTest {

    private static final String CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";

    @Test
    void rf1AndPrdToReferral() {
        // RF1|P^Pending^HL70283|R^Routine^HL70280|Med^Medical^HL70281||O^Outpatient^HL70284|226839^EPIC|20220125|
        //    20220210|20220125|O^Provider Ordered^HL70336|11001^EXTID
        Bundle bundle = map("corpus/REF-I12-01.hl7").bundle();
        ServiceRequest referral = resources(bundle, ServiceRequest.class).stream()
                .filter(r -> r.getCode().getCodingFirstRep().getCode().equals("3457005")).findFirst().orElseThrow();
        assertEquals("226839", referral.getIdentifierFirstRep().getValue());
        assertEquals("urn:fhirgateway:authority:EPIC", referral.getIdentifierFirstRep().getSystem());
        assertEquals("11001", referral.getIdentifier().get(1).getValue(), "RF1-11");
        assertEquals(ServiceRequest.ServiceRequestStatus.DRAFT, referral.getStatus(), "RF1-1 P (pending)");
        assertEquals(ServiceRequest.ServiceRequestPriority.ROUTINE, referral.getPriority());
        assertEquals("Med", referral.getCategoryFirstRep().getCodingFirstRep().getCode());
        assertEquals("2022-01-25", referral.getAuthoredOnElement().getValueAsString());
        assertEquals("2022-02-10", referral.getOccurrencePeriod().getEndElement().getValueAsString());
        assertEquals("O", referral.getReasonCodeFirstRep().getCodingFirstRep().getCode());
        Practitioner referring = (Practitioner) resolve(bundle, referral.getRequester().getReference());
        assertEquals("POWELL", referring.getNameFirstRep().getFamily(), "PRD RP");
        assertEquals("PLN1001", referring.getIdentifierFirstRep().getValue(), "PRD-7");
        assertEquals("ANN ARBOR", referring.getAddressFirstRep().getCity(), "PRD-3");
        Practitioner referredTo = (Practitioner) resolve(bundle, referral.getPerformerFirstRep().getReference());
        assertEquals("McWILLIAMS", referredTo.getNameFirstRep().getFamily(), "PRD RT");
        assertFalse(referral.getReasonReference().isEmpty(), "DG1 after the RF1");
    }

    @Test
    void problemAdd() {
        // PRB|AD|2004062916460000|596.5^BLADDER DYSFUNCTION^I9|26744|||20040629||||||ACTIVE|||20040629 (PRB-13 ACTIVE, PRB-16 onset)
        MappingResult result = map("corpus/PC1-Problem-Add-v2.3.1.hl7");
        Condition problem = only(result.bundle(), Condition.class);
        assertEquals("596.5", problem.getCode().getCodingFirstRep().getCode());
        assertEquals("26744", problem.getIdentifierFirstRep().getValue(), "PRB-4");
        assertEquals("problem-list-item", problem.getCategoryFirstRep().getCodingFirstRep().getCode());
        assertEquals(CLINICAL, problem.getClinicalStatus().getCodingFirstRep().getSystem());
        assertEquals("active", problem.getClinicalStatus().getCodingFirstRep().getCode());
        assertEquals("2004-06-29", problem.getRecordedDateElement().getValueAsString(), "PRB-7");
        assertEquals("2004-06-29", problem.getOnsetDateTimeType().getValueAsString(), "PRB-16");
        List<String> issues = result.issues().stream().map(MappingIssue::toString).toList();
        assertTrue(issues.contains("PRB PRB-13: holds a life cycle status (PRB-14), read as such"), issues.toString());
    }

    @Test
    void problemUpdateWithAResolution() {
        Condition problem = only(map("corpus/PC1-Problem-Update-v2.3.1.hl7").bundle(), Condition.class);
        assertEquals("resolved", problem.getClinicalStatus().getCodingFirstRep().getCode());
        assertEquals("2004-06-29", problem.getAbatementDateTimeType().getValueAsString(), "PRB-9");
    }

    @Test
    void problemDeleteIsEnteredInError() {
        Condition problem = only(map("corpus/PC1-Problem-Delete-v2.3.1.hl7").bundle(), Condition.class);
        assertEquals("entered-in-error", problem.getVerificationStatus().getCodingFirstRep().getCode());
        assertFalse(problem.hasClinicalStatus(), "R4 con-5");
        assertEquals("Patient reported problem was a mistake.", problem.getNoteFirstRep().getText(), "the NTE");
    }

    @Test
    void theSameProblemWithoutInstanceIdKeepsItsKey() throws MappingException {
        String add = TestMessages.load("corpus/PC1-Problem-Add-v2.3.1.hl7");
        String withoutId = TestMessages.withField(add, "PRB", 4, "");
        String changed = TestMessages.withField(withoutId, "PRB", 7, "20050101");
        assertEquals(TestMessages.MAPPER.map(withoutId).bundle().getEntry().get(1).getRequest().getUrl(),
                TestMessages.MAPPER.map(changed).bundle().getEntry().get(1).getRequest().getUrl());
    }

    private static org.hl7.fhir.r4.model.Resource resolve(Bundle bundle, String fullUrl) {
        return bundle.getEntry().stream().filter(e -> e.getFullUrl().equals(fullUrl)).findFirst().orElseThrow()
                .getResource();
    }
}
