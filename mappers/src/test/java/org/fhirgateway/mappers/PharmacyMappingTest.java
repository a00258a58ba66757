package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.map;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.fhirgateway.mappers.TestMessages.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.Test;

/** RDS^O13 and RDE: ORC, RXO, RXE, RXR, TQ1 to MedicationRequest and RXD to MedicationDispense (corpus RDS-O13-01). */
class PharmacyMappingTest {

    private final Bundle bundle = map("corpus/RDS-O13-01.hl7").bundle();
    private final MedicationRequest request = only(bundle, MedicationRequest.class);

    private Practitioner practitioner(String fullUrl) {
        return (Practitioner) bundle.getEntry().stream().filter(e -> e.getFullUrl().equals(fullUrl)).findFirst()
                .orElseThrow().getResource();
    }

    @Test
    void orcAndRxeToMedicationRequest() {
        // ORC|NW|1163422591^EPC|||||||20191104062726+0215 ; RXE||01151327^Doxycycline^NDC|1||385055001^Tablet^SCT||
        //    ^1 tablet by oral route 2 times daily.||G|6|385055001^Tablet^SCT|1
        assertEquals("1163422591", request.getIdentifierFirstRep().getValue());
        assertEquals("PLAC", request.getIdentifierFirstRep().getType().getCodingFirstRep().getCode());
        assertEquals(MedicationRequest.MedicationRequestStatus.ACTIVE, request.getStatus(), "ORC-1 NW");
        assertEquals(MedicationRequest.MedicationRequestIntent.ORDER, request.getIntent());
        assertEquals("01151327", request.getMedicationCodeableConcept().getCodingFirstRep().getCode(), "RXE-2");
        assertEquals("http://hl7.org/fhir/sid/ndc", request.getMedicationCodeableConcept().getCodingFirstRep().getSystem());
        assertEquals("2019-11-04T06:27:26+02:15", request.getAuthoredOnElement().getValueAsString());
        assertEquals("Jane", practitioner(request.getRequester().getReference()).getNameFirstRep().getFamily(),
                "RXO-14 when ORC-12 and RXE-13 are empty");
        Dosage dosage = request.getDosageInstructionFirstRep();
        assertEquals("1 tablet by oral route 2 times daily.", dosage.getText(), "RXE-7");
        assertEquals(1, dosage.getDoseAndRateFirstRep().getDoseQuantity().getValue().intValue(), "RXE-3");
        assertEquals("Tablet", dosage.getDoseAndRateFirstRep().getDoseQuantity().getUnit(), "RXE-5");
        assertEquals(6, request.getDispenseRequest().getQuantity().getValue().intValue(), "RXE-10");
        assertEquals(1, request.getDispenseRequest().getNumberOfRepeatsAllowed(), "RXE-12");
    }

    @Test
    void theRxesRouteAndTimingWin() {
        Dosage dosage = request.getDosageInstructionFirstRep();
        assertEquals("PO", dosage.getRoute().getCodingFirstRep().getCode(), "the RXE's RXR (the RXO's says IV)");
        assertEquals("TID", dosage.getTiming().getCode().getCodingFirstRep().getCode());
        assertEquals("http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation",
                dosage.getTiming().getCode().getCodingFirstRep().getSystem());
    }

    @Test
    void rxdToMedicationDispense() {
        // RXD|1|01151327^Doxycycline^NDC|20201212|10|385055001^Tablet^SCT|385055001^Tablet^SCT|PN12345||After Food|
        //    9941339108^Smith&Mr.&Smith^Adam^...^NPIID&2.16.840.1.113883.4.6&ISO
        MedicationDispense dispense = only(bundle, MedicationDispense.class);
        assertEquals(MedicationDispense.MedicationDispenseStatus.COMPLETED, dispense.getStatus());
        assertEquals("01151327", dispense.getMedicationCodeableConcept().getCodingFirstRep().getCode());
        assertEquals("2020-12-12", dispense.getWhenHandedOverElement().getValueAsString());
        assertEquals(10, dispense.getQuantity().getValue().intValue());
        assertEquals("Tablet", dispense.getQuantity().getUnit());
        assertTrue(dispense.getIdentifier().stream().anyMatch(i -> i.getValue().equals("PN12345")), "RXD-7");
        assertEquals("After Food", dispense.getNoteFirstRep().getText());
        Practitioner pharmacist = practitioner(dispense.getPerformerFirstRep().getActor().getReference());
        assertEquals("9941339108", pharmacist.getIdentifierFirstRep().getValue());
        assertEquals("urn:oid:2.16.840.1.113883.4.6", pharmacist.getIdentifierFirstRep().getSystem());
        assertEquals("PO", dispense.getDosageInstructionFirstRep().getRoute().getCodingFirstRep().getCode());
        String requestUrl = bundle.getEntry().stream().filter(e -> e.getResource() == request).findFirst()
                .orElseThrow().getFullUrl();
        assertEquals(requestUrl, dispense.getAuthorizingPrescriptionFirstRep().getReference());
    }

    @Test
    void rdeWithTwoOrdersGivesTwoRequestsAndNoDispense() {
        Bundle rde = map("corpus/RDE-O11-02.hl7").bundle();
        assertEquals(2, resources(rde, MedicationRequest.class).size());
        assertEquals(0, resources(rde, MedicationDispense.class).size());
    }
}
