package org.fhirgateway.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fhirgateway.mappers.MappingException;
import org.junit.jupiter.api.Test;

class V2HeaderReaderTest {

    @Test
    void readsTheFieldsTheIngestNeeds() throws Exception {
        V2Header h = V2HeaderReader.read(
                "MSH|^~\\&|EPIC|HOSP|GW|GWF|20240101120000||ADT^A01^ADT_A01|C123|P|2.5.1|||AL|NE||UNICODE UTF-8\r"
                        + "EVN|A01\rPID|1||123^^^MRN^MR~999^^^SSA||DOE^JOHN\r");
        assertEquals("EPIC", h.sendingApplication());
        assertEquals("HOSP", h.sendingFacility());
        assertEquals("GW", h.receivingApplication());
        assertEquals("ADT^A01", h.messageType());
        assertEquals("C123", h.controlId());
        assertEquals("2.5.1", h.version());
        assertEquals("AL", h.acceptAckType());
        assertEquals("NE", h.applicationAckType());
        assertTrue(h.enhancedMode());
        assertEquals("MRN|123", h.patientKey());
        assertEquals("MRN|123", h.lane());
        assertEquals("", h.mergeKey());
    }

    @Test
    void aMergeCarriesBothKeys() throws Exception {
        V2Header h = V2HeaderReader.read("MSH|^~\\&|A|F|||2024||ADT^A40|9|P|2.5\nPID|1||1^^^M\nMRG|2^^^M\n");
        assertEquals("M|1", h.patientKey());
        assertEquals("M|2", h.mergeKey());
    }

    @Test
    void refusesWhatIsNotHl7() {
        MappingException e = assertThrows(MappingException.class, () -> V2HeaderReader.read("GET / HTTP/1.1\r\n"));
        assertEquals(MappingException.Code.NOT_HL7, e.code());
        MappingException noId = assertThrows(MappingException.class,
                () -> V2HeaderReader.read("MSH|^~\\&|A|F|||2024||ADT^A01||P|2.5\r"));
        assertEquals(MappingException.Code.REQUIRED_FIELD_MISSING, noId.code());
        assertEquals("MSH-10", noId.field());
    }

    @Test
    void aMessageWithoutPatientHasASenderLane() throws Exception {
        V2Header h = V2HeaderReader.read("MSH|^~\\&|A|F|||2024||MFN^M02|9|P|2.5\r");
        assertEquals("", h.patientKey());
        assertEquals("~F", h.lane());
    }
}
