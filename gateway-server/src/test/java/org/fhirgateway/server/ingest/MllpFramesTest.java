package org.fhirgateway.server.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.fhirgateway.server.ingest.MllpFrames.Kind;
import org.fhirgateway.server.ingest.MllpFrames.Scan;
import org.junit.jupiter.api.Test;

class MllpFramesTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void oneCompleteFrame() {
        byte[] buf = MllpFrames.frame(bytes("MSH|x"));
        Scan scan = MllpFrames.scan(buf, 0, buf.length, 100);
        assertEquals(Kind.FRAME, scan.kind());
        assertEquals("MSH|x", new String(buf, scan.payloadStart(), scan.payloadLength(), StandardCharsets.ISO_8859_1));
        assertEquals(buf.length, scan.consumed());
    }

    @Test
    void twoFramesInOneReadAreBothFound() {
        byte[] a = MllpFrames.frame(bytes("A"));
        byte[] b = MllpFrames.frame(bytes("BB"));
        byte[] buf = new byte[a.length + b.length];
        System.arraycopy(a, 0, buf, 0, a.length);
        System.arraycopy(b, 0, buf, a.length, b.length);
        Scan first = MllpFrames.scan(buf, 0, buf.length, 100);
        Scan second = MllpFrames.scan(buf, first.consumed(), buf.length, 100);
        assertEquals(Kind.FRAME, second.kind());
        assertEquals(2, second.payloadLength());
        assertEquals(buf.length, first.consumed() + second.consumed());
    }

    @Test
    void everySplitPointOfAFrameIsIncompleteUntilTheLastByte() {
        byte[] buf = MllpFrames.frame(bytes("MSH|^~\\&|A"));
        for (int cut = 1; cut < buf.length; cut++) {
            assertEquals(Kind.INCOMPLETE, MllpFrames.scan(buf, 0, cut, 100).kind(), "cut at " + cut);
        }
        assertEquals(Kind.EMPTY, MllpFrames.scan(buf, 0, 0, 100).kind());
    }

    @Test
    void bytesBeforeTheStartByteAreJunkUpToTheNextFrame() {
        byte[] frame = MllpFrames.frame(bytes("MSH"));
        byte[] buf = new byte[4 + frame.length];
        System.arraycopy(bytes("GET "), 0, buf, 0, 4);
        System.arraycopy(frame, 0, buf, 4, frame.length);
        Scan junk = MllpFrames.scan(buf, 0, buf.length, 100);
        assertEquals(Kind.JUNK, junk.kind());
        assertEquals(4, junk.consumed());
        assertEquals(Kind.FRAME, MllpFrames.scan(buf, 4, buf.length, 100).kind());
    }

    @Test
    void aFrameCutShortByANewStartIsJunk() {
        byte[] buf = bytes("\u000BMSH|trunc\u000BMSH|ok\u001C\r");
        Scan first = MllpFrames.scan(buf, 0, buf.length, 100);
        assertEquals(Kind.JUNK, first.kind());
        assertEquals(10, first.consumed());
        assertEquals(Kind.FRAME, MllpFrames.scan(buf, first.consumed(), buf.length, 100).kind());
    }

    @Test
    void overTheCapIsTooLargeBeforeTheEndArrives() {
        byte[] buf = new byte[1 + 50];
        buf[0] = MllpFrames.START;
        Arrays.fill(buf, 1, buf.length, (byte) 'x');
        Scan scan = MllpFrames.scan(buf, 0, buf.length, 20);
        assertEquals(Kind.TOO_LARGE, scan.kind());
        assertEquals(0, scan.consumed());
        MllpFrames.Skip skip = MllpFrames.skipToEnd(bytes("xxxx\u001C\r\u000B"), 0, 7);
        assertTrue(skip.ended());
        assertEquals(6, skip.consumed());
    }

    @Test
    void aCompleteFrameOverTheCapIsTooLarge() {
        byte[] buf = MllpFrames.frame(new byte[30]);
        Scan scan = MllpFrames.scan(buf, 0, buf.length, 20);
        assertEquals(Kind.TOO_LARGE, scan.kind());
    }

    @Test
    void frameWrapsThePayload() {
        assertArrayEquals(new byte[] {0x0B, 'a', 0x1C, 0x0D}, MllpFrames.frame(new byte[] {'a'}));
    }
}
