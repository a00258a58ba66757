package org.fhirgateway.mappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.fhirgateway.profiles.ResourceValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every corpus message is of a supported event and converts to a bundle that validates with zero errors (the
 * refusal of an unsupported type is covered by ErrorTest on a crafted message). The type is read from MSH-9
 * here (independently of the mapper), never from the file name.
 */
class CorpusTest {

    private static final Set<String> SUPPORTED_ADT = Set.of("A01", "A02", "A03", "A04", "A05", "A06", "A07",
            "A08", "A11", "A12", "A13", "A28", "A31", "A40",
            "A09", "A10", "A14", "A15", "A16", "A17", "A21", "A22", "A23", "A24", "A25", "A26", "A27", "A29", "A41",
            "A45", "A47", "A60");
    private static final Set<String> SUPPORTED_SIU = Set.of("S12", "S13", "S14", "S15", "S16", "S17", "S26");
    /** Orders, results, immunisations, documents, pharmacy, referrals and problems (besides ORU^R01). */
    private static final Set<String> SUPPORTED_ORDERS = Set.of("OUL^R22", "OUL^R23", "OUL^R24",
            "ORM^O01", "OML^O21", "OMG^O19", "VXU^V04", "MDM^T01", "MDM^T02", "MDM^T05", "MDM^T06", "MDM^T09",
            "MDM^T10", "RDE^O11", "RDE^O25", "RDS^O13", "REF^I12", "REF^I14", "PPR^PC1", "PPR^PC2", "PPR^PC3",
            "BAR^P01", "BAR^P02", "BAR^P12", "DFT^P03", "DFT^P11");
    private static ResourceValidator validator;

    @BeforeAll
    static void validator() {
        validator = new ResourceValidator(FhirContext.forR4Cached());
    }

    /** MSH-9 as "CODE^EVENT", read with a plain split. */
    static String messageType(String message) {
        String[] fields = message.split("\r", 2)[0].split("\\|", -1);
        String[] type = fields[8].split("\\^", -1);
        return type[0] + "^" + (type.length > 1 ? type[1] : "");
    }

    static boolean isSupported(String type) {
        String[] parts = type.split("\\^");
        return type.equals("ORU^R01") || (parts[0].equals("ADT") && SUPPORTED_ADT.contains(parts[1]))
                || (parts[0].equals("SIU") && SUPPORTED_SIU.contains(parts[1])) || SUPPORTED_ORDERS.contains(type);
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusMessage() {
        return TestMessages.corpusFiles().stream().map(file -> DynamicTest.dynamicTest(file, () -> check(file)));
    }

    private static void check(String file) throws MappingException {
        String message = TestMessages.load("corpus/" + file);
        String type = messageType(message);
        assertTrue(isSupported(type), file + ": " + type + " is one of the supported types (the refusal of an "
                + "unsupported type is ErrorTest's)");
        MappingResult result = TestMessages.MAPPER.map(message);
        assertEquals(type, result.source().messageType(), file);
        assertFalse(result.bundle().getEntry().isEmpty());
        List<String> errors = validator.errors(result.bundle());
        assertEquals(List.of(), errors, file + " validates without errors");
    }

    @Test
    void theListedFilesAreAmongTheConvertedOnes() {
        List<String> converted = TestMessages.corpusFiles().stream()
                .filter(f -> isSupported(messageType(TestMessages.load("corpus/" + f)))).toList();
        for (String name : List.of("ADT01-23.hl7", "ADT04-23.hl7", "ADT04-251.hl7", "ADT04-28.hl7", "MDM_01.hl7",
                "LAB-ORU-1.hl7", "LAB-ORU-2.hl7", "LRI_2.0-NG_CBC_Typ_Message.hl7", "ORU-R01-01.hl7",
                "ORU-R01-RMGEAD.hl7", "ADT-A40-01.hl7")) {
            assertTrue(converted.contains(name), name);
        }
        assertEquals(139, converted.size(), "supported messages in the corpus");
        assertEquals(139, TestMessages.corpusFiles().size());
    }

    @Test
    void fileNamesThatLieAreDecidedByMsh9() throws MappingException {
        assertEquals("ADT^A01", TestMessages.map("corpus/MDM_01.hl7").source().messageType());
        assertEquals("ADT^A60", TestMessages.map("corpus/SIU_12.hl7").source().messageType());
    }

    @Test
    void craftedMessagesValidateToo() {
        for (String file : List.of("messages/ADT-A12-01.hl7", "messages/ADT-A01-clean.hl7",
                "messages/ORU-R01-clean.hl7")) {
            assertEquals(List.of(), validator.errors(TestMessages.map(file).bundle()), file);
        }
    }
}
