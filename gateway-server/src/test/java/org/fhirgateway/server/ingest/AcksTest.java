package org.fhirgateway.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v251.message.ACK;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AcksTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

    private static PipeParser parser() {
        HapiContext context = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        return context.getPipeParser();
    }

    private static V2Header header() throws Exception {
        return V2HeaderReader.read("MSH|^~\\&|EPIC|HOSP|GW|GWF|20240101||ADT^A01|C123|T|2.5.1\rPID|1||1^^^M\r");
    }

    @Test
    void positiveAckParsesWithHapiAndSwapsSenderAndReceiver() throws Exception {
        String text = Acks.build(header(), AckCode.AA, null, "ACK1", NOW);
        ACK ack = (ACK) parser().parse(text);
        assertEquals("AA", ack.getMSA().getAcknowledgmentCode().getValue());
        assertEquals("C123", ack.getMSA().getMessageControlID().getValue());
        assertEquals("GW", ack.getMSH().getSendingApplication().getNamespaceID().getValue());
        assertEquals("EPIC", ack.getMSH().getReceivingApplication().getNamespaceID().getValue());
        assertEquals("HOSP", ack.getMSH().getReceivingFacility().getNamespaceID().getValue());
        assertEquals("ACK", ack.getMSH().getMessageType().getMessageCode().getValue());
        assertEquals("A01", ack.getMSH().getMessageType().getTriggerEvent().getValue());
        assertEquals("T", ack.getMSH().getProcessingID().getProcessingID().getValue());
        assertEquals("2.5.1", ack.getMSH().getVersionID().getVersionID().getValue());
        assertEquals("ACK1", ack.getMSH().getMessageControlID().getValue());
    }

    @Test
    void errorAckCarriesLocationCodesAndEscapedText() throws Exception {
        IngestError error = IngestError.at("REQUIRED_FIELD_MISSING", null, "PID-3", "PID-3 is empty | ^ & ~");
        String text = Acks.build(header(), AckCode.AE, error, "ACK2", NOW);
        ACK ack = (ACK) parser().parse(text);
        assertEquals("AE", ack.getMSA().getAcknowledgmentCode().getValue());
        var err = ack.getERR();
        assertEquals("PID", err.getErrorLocation(0).getSegmentID().getValue());
        assertEquals("3", err.getErrorLocation(0).getFieldPosition().getValue());
        assertEquals("101", err.getHL7ErrorCode().getIdentifier().getValue());
        assertEquals("E", err.getSeverity().getValue());
        assertEquals("REQUIRED_FIELD_MISSING", err.getApplicationErrorCode().getIdentifier().getValue());
        assertEquals("PID-3 is empty | ^ & ~", err.getUserMessage().getValue());
    }

    @Test
    void anAckToAMessageThatNamedNoReceiverNamesTheGatewayAsItsSender() throws Exception {
        V2Header noReceiver = V2HeaderReader.read("MSH|^~\\&|EPIC|HOSP|||20240101||ADT^A01|C9|P|2.3\rPID|1||1^^^M\r");
        ACK ack = (ACK) parser().parse(Acks.build(noReceiver, AckCode.AA, null, "ACK3", NOW));
        assertEquals(Acks.GATEWAY_APPLICATION, ack.getMSH().getSendingApplication().getNamespaceID().getValue());
        assertEquals("EPIC", ack.getMSH().getReceivingApplication().getNamespaceID().getValue());
    }

    @Test
    void nackForUnreadableInputStillParses() throws Exception {
        String text = Acks.build(null, AckCode.AR, IngestError.of("NOT_HL7", "no MSH segment"), "N1", NOW);
        ACK ack = (ACK) parser().parse(text);
        assertEquals("AR", ack.getMSA().getAcknowledgmentCode().getValue());
        assertEquals("NOT_HL7", ack.getERR().getApplicationErrorCode().getIdentifier().getValue());
    }
}
