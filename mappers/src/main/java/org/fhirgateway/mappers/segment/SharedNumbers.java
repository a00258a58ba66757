package org.fhirgateway.mappers.segment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;

/**
 * Keys for the OBRs of one message that share an order number. Real feeds send several OBRs on one form
 * (placer or filler) number, e.g. a newborn-screening panel of 20 OBRs: keyed by the number alone they would
 * collapse into one resource keeping the first code. A number carried by one OBR stays the key itself; a
 * number carried by several gives each of them a gateway key of the number, the OBR-4 code and the position
 * among the OBRs with that number and code (1 for the first), so resending the message, or reordering OBRs
 * of different codes, lands on the same resources. One per message and resource type; not shared.
 */
public final class SharedNumbers {

    private final String type;
    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<String, Integer> seen = new HashMap<>();

    /** @param numbers the number of each OBR of the message, in order (null where an OBR has none) */
    public SharedNumbers(String type, List<Identifier> numbers) {
        this.type = type;
        for (Identifier number : numbers) {
            if (number != null) {
                counts.merge(text(number), 1, Integer::sum);
            }
        }
    }

    /** The key of the next OBR with this number and code: the number, or a gateway key when it is shared. */
    public Identifier key(Identifier number, CodeableConcept code) {
        String text = text(number);
        if (counts.getOrDefault(text, 0) < 2) {
            return number;
        }
        String codeKey = code == null ? "" : ConditionMapper.codeKey(code);
        int position = seen.merge(text + "|" + codeKey, 1, Integer::sum);
        return Keys.of(type, text, codeKey, Integer.toString(position));
    }

    /** Whether several OBRs of the message carry this number. */
    public boolean isShared(Identifier number) {
        return number != null && counts.getOrDefault(text(number), 0) > 1;
    }

    private static String text(Identifier number) {
        return number.getSystem() + "|" + number.getValue();
    }
}
