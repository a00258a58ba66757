package org.fhirgateway.mappers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * Every supported corpus message cut at many points either maps or fails with a MappingException that names
 * the problem; none reaches the catch-all for unforeseen runtime exceptions (that would be a defect).
 */
class TruncationTest {

    @Test
    void truncatedMessagesNeverHitTheCatchAll() {
        int mapped = 0;
        for (String file : TestMessages.corpusFiles()) {
            String message = TestMessages.load("corpus/" + file);
            if (!CorpusTest.isSupported(CorpusTest.messageType(message))) {
                continue;
            }
            for (int cut = 1; cut < message.length(); cut += Math.max(1, message.length() / 40)) {
                try {
                    MappingResult result = TestMessages.MAPPER.map(message.substring(0, cut));
                    assertFalse(result.bundle().getEntry().isEmpty());
                    mapped++;
                } catch (MappingException e) {
                    if (e.getMessage().contains("could not be mapped (")) {
                        fail(file + " cut at " + cut + ": " + e.getMessage());
                    }
                }
            }
        }
        if (mapped < 100) {
            fail("too few truncated messages mapped: " + mapped);
        }
    }
}
