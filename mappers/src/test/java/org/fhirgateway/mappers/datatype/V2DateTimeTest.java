package org.fhirgateway.mappers.datatype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class V2DateTimeTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void keepsTheSendersOffset() {
        assertEquals("2029-08-01T07:06:24+01:15", V2DateTime.toDateTime("20290801070624+0115", BERLIN));
        assertEquals("2024-03-15T08:00:00-05:00", V2DateTime.toDateTime("20240315080000-0500", BERLIN));
        assertEquals("2024-03-15T08:00:00+00:00", V2DateTime.toDateTime("20240315080000+0000", NEW_YORK));
    }

    @Test
    void aValueWithoutOffsetGetsTheConfiguredZoneAtThatDate() {
        assertEquals("2024-01-15T10:00:00+01:00", V2DateTime.toDateTime("202401151000", BERLIN));
        assertEquals("2024-07-15T10:00:00+02:00", V2DateTime.toDateTime("202407151000", BERLIN), "summer time");
        assertEquals("2024-07-15T10:00:00-04:00", V2DateTime.toDateTime("202407151000", NEW_YORK));
        assertEquals("2024-07-15T10:00:00+00:00", V2DateTime.toDateTime("202407151000", ZoneId.of("UTC")));
    }

    @Test
    void keepsPrecisionAndPadsHoursAndMinutesToSeconds() {
        assertEquals("2024", V2DateTime.toDateTime("2024", BERLIN));
        assertEquals("2024-03", V2DateTime.toDateTime("202403", BERLIN));
        assertEquals("2024-03-15", V2DateTime.toDateTime("20240315", BERLIN), "a date stays a date, no zone");
        assertEquals("2024-03-15T08:00:00+01:00", V2DateTime.toDateTime("2024031508", BERLIN));
        assertEquals("2024-03-15T08:30:00+01:00", V2DateTime.toDateTime("202403150830", BERLIN));
        assertEquals("2024-03-15T08:30:15.25+01:00", V2DateTime.toDateTime("20240315083015.25", BERLIN));
        assertEquals("2021-08-17T15:19:43.4+02:00", V2DateTime.toDateTime("20210817151943.4+0200", BERLIN));
    }

    @Test
    void dateAndInstantForms() {
        assertEquals("1988-08-18", V2DateTime.toDate("198808181126+0215"));
        assertEquals("1988-08", V2DateTime.toDate("198808"));
        assertEquals("2024-03-15T00:00:00+01:00", V2DateTime.toInstant("20240315", BERLIN));
        assertEquals("2024-03-15T08:30:00+01:00", V2DateTime.toInstant("202403150830", BERLIN));
    }

    @Test
    void invalidValuesGiveNull() {
        for (String bad : new String[] {"", "N", "2024-13-45", "20241345", "20240230", "202403152500",
                "20240315083099", "20240315+01", "2024031508+0100x", "12345", "20240315083015.", "20240315+2500"}) {
            assertNull(V2DateTime.toDateTime(bad, BERLIN), bad);
        }
        assertNull(V2DateTime.toDateTime(null, BERLIN));
    }
}
