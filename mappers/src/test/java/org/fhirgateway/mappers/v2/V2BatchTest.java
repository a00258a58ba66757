package org.fhirgateway.mappers.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class V2BatchTest {

    private static final String A = "MSH|^~\\&|APP|FAC|||20240101||ADT^A01|1|P|2.5\rPID|1||123^^^H^MR";
    private static final String B = "MSH|^~\\&|APP|FAC|||20240101||ADT^A08|2|P|2.5\rPID|1||456^^^H^MR";

    @Test
    void splitsMessagesSeparatedByAnyLineEnd() {
        for (String eol : List.of("\r", "\n", "\r\n")) {
            String text = A.replace("\r", eol) + eol + B.replace("\r", eol) + eol;
            assertEquals(List.of(A, B), V2Batch.split(text), "line end " + eol.replace("\r", "CR").replace("\n", "LF"));
        }
    }

    @Test
    void dropsByteOrderMarkMllpFramingAndBlankLines() {
        String text = "\uFEFF\u000B" + A + "\u001C\r\r\n\n\u000B" + B + "\u001C\r";
        assertEquals(List.of(A, B), V2Batch.split(text));
    }

    @Test
    void dropsBatchWrappers() {
        String text = "FHS|^~\\&|APP\rBHS|^~\\&|APP\r" + A + "\r" + B + "\rBTS|2\rFTS|1\r";
        assertEquals(List.of(A, B), V2Batch.split(text));
    }

    @Test
    void trimsTrailingPaddingOfSegments() {
        assertEquals(List.of(A), V2Batch.split(A.replace("\r", "   \r") + "  \n"));
    }

    @Test
    void segmentsBeforeAnyMshBelongToNoMessage() {
        assertTrue(V2Batch.split("PID|1||123\rPV1|1|I\r").isEmpty());
        assertEquals(List.of(A), V2Batch.split("EVN|A01\r" + A));
    }

    @Test
    void aSegmentNamedLikeAWrapperPrefixIsKept() {
        String withZSegment = A + "\rBHSX|not a wrapper";
        assertEquals(List.of(withZSegment), V2Batch.split(withZSegment));
    }
}
