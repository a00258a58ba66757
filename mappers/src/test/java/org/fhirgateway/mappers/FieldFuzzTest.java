package org.fhirgateway.mappers;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Odd values in every field of every segment (escapes, separators, explicit null, huge numbers, bad dates)
 * either map or fail with a MappingException naming the problem, never an unforeseen runtime exception.
 */
class FieldFuzzTest {

    private static final List<String> ODD_VALUES = List.of("\"\"", "^^^&&&^", "~~~", "\\X0D0A\\\\E\\\\H\\x\\N\\",
            "99999999999999999999", "-1", "0", "2024-13-45", "20241301", "+9999", "A^B&C&D^E~F^G", "\\", "&",
            "<>^5^+^3", "^^^", "Z");

    @Test
    void oddValuesNeverHitTheCatchAll() throws MappingException {
        List<String> failures = new ArrayList<>();
        for (String file : List.of("messages/ADT-A01-clean.hl7", "messages/ORU-R01-clean.hl7")) {
            String message = TestMessages.load(file);
            for (String segment : message.split("\r")) {
                String id = segment.substring(0, 3);
                if (id.equals("MSH")) {
                    continue;
                }
                int fields = segment.split("\\|", -1).length + 2;
                for (int field = 1; field < fields; field++) {
                    for (String value : ODD_VALUES) {
                        tryMap(TestMessages.withField(message, id, field, value), id + "-" + field + "=" + value, failures);
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " unforeseen failures, e.g. " + failures.subList(0, Math.min(5, failures.size())));
        }
    }

    private static void tryMap(String message, String what, List<String> failures) {
        try {
            TestMessages.MAPPER.map(message);
        } catch (MappingException e) {
            if (e.getMessage().contains("could not be mapped (")) {
                failures.add(what + ": " + e.getMessage());
            }
        }
    }
}
