package org.fhirgateway.mappers.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fhirgateway.mappers.MappingException;
import org.junit.jupiter.api.Test;

class V2ParserTest {

    private static final String MSG = "\uFEFFMSH|^~\\&|APP|FAC|||20240101||ADT^A01|1|P|2.5\n"
            + "PID|1||A1^^^X^MR~B2^^^Y||Doe^John^^^^^L||\"\"|M  \r\n"
            + "NTE|1||a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\X41\\\\.br\\g\\H\\bold\\N\\";

    @Test
    void splitsSegmentsOnCrLfOrCrlfAndSkipsTheBom() throws MappingException {
        V2Message message = V2Parser.parse(MSG);
        assertEquals(List.of("MSH", "PID", "NTE"), message.segments().stream().map(Segment::id).toList());
    }

    @Test
    void mshFieldsAreNumberedAsInTheStandard() throws MappingException {
        Segment msh = V2Parser.parse(MSG).msh();
        assertEquals("|", msh.raw(1));
        assertEquals("^~\\&", msh.raw(2));
        assertEquals("APP", msh.text(3));
        assertEquals("A01", msh.first(9).text(2));
        assertEquals("2.5", msh.text(12));
    }

    @Test
    void readsRepetitionsComponentsAndSubcomponents() throws MappingException {
        Segment pid = V2Parser.parse(MSG).first("PID");
        List<Composite> ids = pid.repetitions(3);
        assertEquals(2, ids.size());
        assertEquals("A1", ids.get(0).text(1));
        assertEquals("Y", ids.get(1).text(4));
        assertEquals("", ids.get(1).text(5), "absent component reads as empty");
        assertEquals("", pid.text(99), "absent field reads as empty");
        assertEquals("M", pid.text(8), "trailing blanks of a segment are dropped");
        Composite hd = Composite.of("MR^^^test1&2.16.1&HCD").part(4);
        assertEquals("test1", hd.text(1));
        assertEquals("2.16.1", hd.text(2));
        assertEquals("HCD", hd.text(3));
    }

    @Test
    void theExplicitNullIsPresentButEmpty() throws MappingException {
        Segment pid = V2Parser.parse(MSG).first("PID");
        assertTrue(pid.isExplicitNull(7));
        assertEquals("", pid.text(7));
        assertTrue(pid.repetitions(7).isEmpty());
        assertTrue(!pid.isExplicitNull(6) && pid.isEmpty(6));
    }

    @Test
    void decodesEscapeSequencesWhenAValueIsRead() throws MappingException {
        Segment nte = V2Parser.parse(MSG).first("NTE");
        assertEquals("a|b^c&d~e\\fA\ngbold", nte.first(3).fullText());
    }

    @Test
    void usesTheDelimitersTheMessageDeclares() throws MappingException {
        V2Message message = V2Parser.parse("MSH#:*!@#APP#FAC#####ADT:A01#7#P#2.3\rPID#1##X1:::AUTH*X2#");
        Segment pid = message.first("PID");
        assertEquals("ADT", message.msh().first(9).text(1));
        assertEquals(2, pid.repetitions(3).size());
        assertEquals("AUTH", pid.first(3).text(4));
        assertEquals(new Encoding('#', ':', '*', '!', '@'), pid.encoding());
    }

    @Test
    void refusesWhatIsNotV2() {
        assertEquals(MappingException.Code.NOT_HL7,
                assertThrows(MappingException.class, () -> V2Parser.parse("{\"resourceType\":\"Patient\"}")).code());
        assertEquals(MappingException.Code.NOT_HL7, assertThrows(MappingException.class, () -> V2Parser.parse("")).code());
        MappingException e = assertThrows(MappingException.class, () -> V2Parser.parse("MSHx^~\\&|A|B"));
        assertEquals("MSH-1", e.field());
    }

    @Test
    void aBrokenSegmentIsMalformed() {
        MappingException e = assertThrows(MappingException.class,
                () -> V2Parser.parse("MSH|^~\\&|A|B|||20240101||ADT^A01|1|P|2.5\rP"));
        assertEquals(MappingException.Code.MALFORMED, e.code());
    }

    @Test
    void twoMessagesAreNotOne() {
        MappingException e = assertThrows(MappingException.class, () -> V2Parser.parse(MSG + "\r" + MSG.substring(1)));
        assertEquals(MappingException.Code.MALFORMED, e.code());
        assertTrue(e.getMessage().contains("more than one message"));
    }

    @Test
    void firstReturnsNullForAMissingSegment() throws MappingException {
        assertNull(V2Parser.parse(MSG).first("PV1"));
    }
}
