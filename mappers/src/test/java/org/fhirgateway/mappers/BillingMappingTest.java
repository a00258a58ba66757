package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.map;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.fhirgateway.mappers.TestMessages.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.util.List;
import org.fhirgateway.profiles.ResourceValidator;
import org.hl7.fhir.r4.model.Account;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ChargeItem;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * BAR^P01, P02, P12 and DFT^P03, P11 on messages written for them (messages/BAR-*, messages/DFT-*): FT1 to
 * ChargeItem, IN1 to Coverage on the Account, PRT/ROL to PractitionerRole, the purge's inactive Account.
 */
class BillingMappingTest {

    @Test
    void ft1ToChargeItemFieldByField() {
        // FT1|1|TX-1|B7|20240301|20240302|CG|71045^Xray exam chest 1 view^C4|||2|150.00&USD|75.00&USD|||||||
        //    R07.9^Chest pain, unspecified^I10|9941339108^SMITH^ADAM..NPI|9941339116^MELLIE^JOHN..NPI
        MappingResult result = map("messages/DFT-P03-charges.hl7");
        Bundle bundle = result.bundle();
        ChargeItem charge = charge(bundle, "B7/TX-1");
        assertEquals(ChargeItem.ChargeItemStatus.BILLABLE, charge.getStatus(), "FT1-6 CG");
        assertEquals("71045", charge.getCode().getCodingFirstRep().getCode(), "FT1-7");
        assertEquals("Xray exam chest 1 view", charge.getCode().getCodingFirstRep().getDisplay());
        assertEquals(0, new BigDecimal("2").compareTo(charge.getQuantity().getValue()), "FT1-10");
        assertEquals("2024-03-01", charge.getOccurrencePeriod().getStartElement().getValueAsString(), "FT1-4.1");
        assertEquals("2024-03-02", charge.getOccurrencePeriod().getEndElement().getValueAsString(), "FT1-4.2");
        assertEquals(0, new BigDecimal("150.00").compareTo(charge.getPriceOverride().getValue()), "FT1-11");
        assertEquals("USD", charge.getPriceOverride().getCurrency());
        assertEquals("R07.9", charge.getReasonFirstRep().getCodingFirstRep().getCode(), "FT1-19");
        Patient patient = only(bundle, Patient.class);
        assertEquals(fullUrl(bundle, patient), charge.getSubject().getReference());
        Encounter encounter = only(bundle, Encounter.class);
        assertEquals(fullUrl(bundle, encounter), charge.getContext().getReference());
        Account account = only(bundle, Account.class);
        assertEquals(fullUrl(bundle, account), charge.getAccountFirstRep().getReference());
        assertEquals("ACC900", account.getIdentifierFirstRep().getValue(), "PID-18");
        assertEquals(Account.AccountStatus.ACTIVE, account.getStatus());
        Practitioner performer = (Practitioner) resolve(bundle, charge.getPerformer().get(0).getActor().getReference());
        assertEquals("9941339108", performer.getIdentifierFirstRep().getValue(), "FT1-20");
        assertEquals("Performed by (FT1-20)", charge.getPerformer().get(0).getFunction().getText());
        Practitioner orderer = (Practitioner) resolve(bundle, charge.getPerformer().get(1).getActor().getReference());
        assertEquals("MELLIE", orderer.getNameFirstRep().getFamily(), "FT1-21");
        PractitionerRole role = (PractitionerRole) resolve(bundle, charge.getPerformer().get(2).getActor().getReference());
        assertEquals("PP", role.getCodeFirstRep().getCodingFirstRep().getCode(), "the PRT after the FT1");
        assertEquals("PP", charge.getPerformer().get(2).getFunction().getCodingFirstRep().getCode());
        List<String> issues = result.issues().stream().map(MappingIssue::toString).toList();
        assertTrue(issues.stream().anyMatch(i -> i.startsWith("FT1 FT1-5")), "posting date reported: " + issues);
    }

    @Test
    void creditsAdjustmentsAndPaymentsFollowTable0017() {
        Bundle bundle = map("messages/DFT-P03-charges.hl7").bundle();
        ChargeItem credit = charge(bundle, "TX-2");
        assertEquals(ChargeItem.ChargeItemStatus.ENTEREDINERROR, credit.getStatus(), "FT1-6 CD");
        assertEquals(0, new BigDecimal("75.00").compareTo(credit.getPriceOverride().getValue()),
                "FT1-12 times FT1-10 when FT1-11 is empty");
        assertTrue(resources(bundle, ChargeItem.class).stream()
                .noneMatch(c -> c.getIdentifierFirstRep().getValue().equals("TX-4")), "FT1-6 PY is no charge");
        assertEquals(3, resources(bundle, ChargeItem.class).size());
        ChargeItem adjustment = only(map("messages/DFT-P11-detail.hl7").bundle(), ChargeItem.class);
        assertEquals(ChargeItem.ChargeItemStatus.ENTEREDINERROR, adjustment.getStatus(), "FT1-6 AJ");
        assertEquals(0, new BigDecimal("-20.00").compareTo(adjustment.getPriceOverride().getValue()));
    }

    @Test
    void aChargeWithoutTransactionIdKeepsItsKeyAcrossResends() throws MappingException {
        String message = TestMessages.load("messages/DFT-P03-charges.hl7");
        ChargeItem first = charge(TestMessages.MAPPER.map(message).bundle(), "99213");
        ChargeItem resent = charge(TestMessages.MAPPER.map(message.replace("|DFT0001|", "|DFT0009|")).bundle(), "99213");
        assertEquals("urn:fhirgateway:key", first.getIdentifierFirstRep().getSystem());
        assertEquals(first.getIdentifierFirstRep().getValue(), resent.getIdentifierFirstRep().getValue());
    }

    @Test
    void coverageDiagnosisProcedureAndRolesOfADft() {
        Bundle bundle = map("messages/DFT-P03-charges.hl7").bundle();
        Account account = only(bundle, Account.class);
        Coverage coverage = only(bundle, Coverage.class);
        assertEquals("POL-123", coverage.getIdentifierFirstRep().getValue(), "IN1-36");
        assertEquals(fullUrl(bundle, coverage), account.getCoverageFirstRep().getCoverage().getReference());
        Encounter encounter = only(bundle, Encounter.class);
        assertEquals(fullUrl(bundle, account), encounter.getAccountFirstRep().getReference());
        assertEquals("R07.9", only(bundle, Condition.class).getCode().getCodingFirstRep().getCode());
        PractitionerRole attending = role(bundle, "AT");
        assertTrue(encounter.getParticipant().stream().anyMatch(p -> p.getIndividual().getReference()
                .equals(fullUrl(bundle, attending))), "the PRT after the PV1 is the encounter's participant");
        Practitioner rita = (Practitioner) resolve(bundle, attending.getPractitioner().getReference());
        assertEquals("5555", rita.getIdentifierFirstRep().getValue(), "PRT-5");
        Procedure procedure = only(bundle, Procedure.class);
        PractitionerRole consultant = role(bundle, "CP");
        assertEquals("2024-03-01", consultant.getPeriod().getStartElement().getValueAsString(), "ROL-5");
        assertTrue(procedure.getPerformer().stream().anyMatch(p -> p.getActor().getReference()
                .equals(fullUrl(bundle, consultant))), "the ROL after the PR1 is the procedure's performer");
    }

    @Test
    void purgeWritesEachPatientsAccountInactive() {
        MappingResult result = map("messages/BAR-P02-purge.hl7");
        List<Account> accounts = resources(result.bundle(), Account.class);
        assertEquals(2, accounts.size(), "one per patient group");
        assertTrue(accounts.stream().allMatch(a -> a.getStatus() == Account.AccountStatus.INACTIVE));
        assertEquals("ACC300", accounts.get(0).getIdentifierFirstRep().getValue(), "PID-18");
        assertEquals("VN301", accounts.get(1).getIdentifierFirstRep().getValue(), "no PID-18: PV1-19");
        assertEquals(2, resources(result.bundle(), Patient.class).size());
        assertEquals("PUT", result.bundle().getEntry().stream().filter(e -> e.getResource() instanceof Account)
                .findFirst().orElseThrow().getRequest().getMethod().toCode(), "inactive, never deleted");
    }

    @Test
    void p12UpdatesDiagnosisAndProcedure() {
        Bundle bundle = map("messages/BAR-P12-update.hl7").bundle();
        assertEquals("J18.9", only(bundle, Condition.class).getCode().getCodingFirstRep().getCode());
        Procedure procedure = only(bundle, Procedure.class);
        assertEquals("0BH17EZ", procedure.getCode().getCodingFirstRep().getCode());
        PractitionerRole role = role(bundle, "PP");
        assertEquals(fullUrl(bundle, role), procedure.getPerformer().get(procedure.getPerformer().size() - 1)
                .getActor().getReference(), "the PRT after the PR1");
    }

    @Test
    void everyBillingMessageValidates() {
        ResourceValidator validator = new ResourceValidator(FhirContext.forR4Cached());
        for (String file : List.of("messages/DFT-P03-charges.hl7", "messages/DFT-P11-detail.hl7",
                "messages/BAR-P01-guarantors.hl7", "messages/BAR-P02-purge.hl7", "messages/BAR-P12-update.hl7")) {
            MappingResult result = map(file);
            assertFalse(result.bundle().getEntry().isEmpty());
            assertEquals(List.of(), validator.errors(result.bundle()), file);
        }
    }

    static ChargeItem charge(Bundle bundle, String idOrCode) {
        return resources(bundle, ChargeItem.class).stream()
                .filter(c -> c.getIdentifierFirstRep().getValue().equals(idOrCode)
                        || c.getCode().getCodingFirstRep().getCode().equals(idOrCode))
                .findFirst().orElseThrow(() -> new AssertionError("no ChargeItem " + idOrCode));
    }

    static PractitionerRole role(Bundle bundle, String code) {
        return resources(bundle, PractitionerRole.class).stream()
                .filter(r -> r.getCodeFirstRep().getCodingFirstRep().getCode().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no PractitionerRole " + code));
    }

    static String fullUrl(Bundle bundle, Resource resource) {
        return bundle.getEntry().stream().filter(e -> e.getResource() == resource).findFirst().orElseThrow()
                .getFullUrl();
    }

    static Resource resolve(Bundle bundle, String reference) {
        return bundle.getEntry().stream().filter(e -> e.getFullUrl().equals(reference)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + reference)).getResource();
    }
}
