package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.MAPPER;
import static org.fhirgateway.mappers.TestMessages.load;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.fhirgateway.mappers.TestMessages.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.fhirgateway.mappers.terminology.V2Tables;
import org.fhirgateway.profiles.ResourceValidator;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/**
 * A code sent under an HL7 table it is not in ({@code EMR^Emergency^HL70069}, {@code UNK^Unknown^HL70136}) goes
 * under the installation's local extension of the table, reported; a code that is in the table keeps its URI.
 */
class TableCodesTest {

    private static final String MESSAGE = load("messages/ADT-A04-codes-outside-table.hl7");
    private static final String LOCAL = "urn:fhirgateway:authority:v2-table-local:";

    private static Coding value(MappingResult result, String loinc) {
        return resources(result.bundle(), Observation.class).stream()
                .filter(o -> loinc.equals(o.getCode().getCodingFirstRep().getCode())).findFirst().orElseThrow()
                .getValueCodeableConcept().getCodingFirstRep();
    }

    @Test
    void aCodeOutsideItsTableGoesUnderTheLocalSystem() throws MappingException {
        MappingResult result = MAPPER.map(MESSAGE);
        Coding service = only(result.bundle(), Encounter.class).getServiceType().getCodingFirstRep();
        assertEquals(LOCAL + "0069", service.getSystem());
        assertEquals("EMR", service.getCode());
        assertEquals("Emergency", service.getDisplay());
        Coding unknown = value(result, "11449-6");
        assertEquals(LOCAL + "0136", unknown.getSystem());
        assertEquals("UNK", unknown.getCode());
        Coding yes = value(result, "8661-1");
        assertEquals("http://terminology.hl7.org/CodeSystem/v2-0136", yes.getSystem(), "Y is in table 0136");
        assertEquals("Y", yes.getCode());
        List<String> issues = result.issues().stream().map(MappingIssue::toString).toList();
        assertTrue(issues.contains("PV1 PV1-10: code 'EMR' is not in HL7 table 0069, kept under the local system "
                + LOCAL + "0069"), issues.toString());
        assertTrue(issues.contains("OBX OBX-5: code 'UNK' is not in HL7 table 0136, kept under the local system "
                + LOCAL + "0136"), issues.toString());
        assertFalse(issues.stream().anyMatch(i -> i.contains("'Y'")), issues.toString());
    }

    @Test
    void theBundleValidatesAndWouldNotUnderTheTablesUri() throws MappingException {
        ResourceValidator validator = new ResourceValidator(FhirContext.forR4Cached());
        MappingResult result = MAPPER.map(MESSAGE);
        assertEquals(List.of(), validator.errors(result.bundle()));
        // the premise: under the table's URI, the validator rejects the code
        only(result.bundle(), Encounter.class).getServiceType().getCodingFirstRep()
                .setSystem("http://terminology.hl7.org/CodeSystem/v2-0069");
        assertFalse(validator.errors(result.bundle()).isEmpty());
    }

    @Test
    void theTablesAreTheOnesFhirPublishes() {
        V2Tables tables = V2Tables.standard();
        assertTrue(tables.contains("0136", "Y"));
        assertFalse(tables.contains("0136", "UNK"));
        assertTrue(tables.contains("0069", "MED"));
        assertFalse(tables.contains("0069", "med"), "codes are case-sensitive");
        assertFalse(tables.isPublished("0005"), "user-defined table 0005 (race) is not published");
        assertEquals("0136", V2Tables.tableOf("http://terminology.hl7.org/CodeSystem/v2-0136"));
        assertEquals(null, V2Tables.tableOf("http://terminology.hl7.org/CodeSystem/v2-0136x"));
        assertEquals(null, V2Tables.tableOf("http://loinc.org"));
    }
}
