package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.MAPPER;
import static org.fhirgateway.mappers.TestMessages.load;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fhirgateway.mappers.datatype.V2DateTime;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.Test;

/**
 * A malformed MSH-7 never rejects the message: repaired when the digits say one time (milliseconds without their
 * dot), else EVN-2, else left out (the gateway stamps the received time); each is an issue on MSH-7. The same
 * repair applies to every DTM read through the shared parser.
 */
class MessageTimeTest {

    private static final String MALFORMED = load("messages/ADT-A01-malformed-time.hl7");

    private static List<String> reasons(MappingResult result, String field) {
        return result.issues().stream().filter(i -> field.equals(i.field())).map(MappingIssue::reason).toList();
    }

    @Test
    void millisecondsWithoutTheirDotAreRepaired() throws MappingException {
        MappingResult result = MAPPER.map(MALFORMED);
        assertEquals("2011-06-13T12:24:06.637+02:00", result.source().messageTime());
        assertEquals("2011-06-13T10:24:06.637Z",
                result.bundle().getTimestampElement().getValue().toInstant().toString());
        Provenance provenance = only(result.bundle(), Provenance.class);
        assertEquals(result.bundle().getTimestamp(), provenance.getRecorded());
        List<String> msh7 = reasons(result, "MSH-7");
        assertEquals(1, msh7.size(), msh7.toString());
        assertTrue(msh7.get(0).startsWith("not a valid timestamp"), msh7.get(0));
        assertTrue(msh7.get(0).contains("2011-06-13T12:24:06.637+02:00"), msh7.get(0));
    }

    @Test
    void otherTimestampsThroughTheSharedParserAreRepairedToo() throws MappingException {
        MappingResult result = MAPPER.map(MALFORMED);
        Encounter encounter = only(result.bundle(), Encounter.class);
        assertEquals("2011-06-13T10:15:00.123+02:00", encounter.getPeriod().getStartElement().getValueAsString());
        assertTrue(reasons(result, "PV1-44").get(0).contains("read as 2011-06-13T10:15:00.123+02:00"));
    }

    @Test
    void anUnrepairableMessageTimeFallsBackToEvn2() throws MappingException {
        MappingResult result = MAPPER.map(MALFORMED.replace("|20110613122406637|", "|2011-06-13 12:24|"));
        assertEquals("2011-06-13T12:24:00+02:00", result.source().messageTime());
        assertTrue(reasons(result, "MSH-7").contains("not a valid timestamp: '2011-06-13 12:24', EVN-2 (recorded"
                + " date/time) used instead"), reasons(result, "MSH-7").toString());
    }

    @Test
    void withoutAnyTimeTheTimeIsLeftOutForTheGatewayToStamp() throws MappingException {
        String timeless = MALFORMED.replace("|20110613122406637|", "||").replace("EVN|A01|20110613122400", "EVN|A01|");
        MappingResult result = MAPPER.map(timeless);
        assertNull(result.source().messageTime());
        assertFalse(result.bundle().hasTimestamp());
        assertFalse(only(result.bundle(), Provenance.class).hasRecorded());
        assertTrue(reasons(result, "MSH-7").get(0).startsWith("message date/time is empty, and no valid EVN-2"));
    }

    @Test
    void theRepairRule() {
        assertEquals("20110613122406.637", V2DateTime.recover("20110613122406637"));
        assertEquals("20110613122406.6", V2DateTime.recover("201106131224066"));
        assertEquals("20110613122406.6375-0500", V2DateTime.recover("201106131224066375-0500"));
        for (String notRepaired : new String[] {"20110613122406", "20110613122406.637", "2011061312240", // valid, or
                "2011061312240663751", "20111313122406637", "20110613122406637x", "2011-06-13", "", "N"}) {
            assertNull(V2DateTime.recover(notRepaired), notRepaired);
        }
        assertNull(V2DateTime.recover(null));
    }
}
