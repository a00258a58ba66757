package org.fhirgateway.server.ingest;

/**
 * MLLP framing as pure functions: {@code <VT> payload <FS><CR>}. No I/O, no state; the connection keeps the
 * buffer and calls {@link #scan} after every bulk read.
 */
public final class MllpFrames {

    public static final byte START = 0x0B;
    public static final byte END = 0x1C;
    public static final byte CR = 0x0D;

    /** What {@link #scan} found at the start of the buffered bytes. */
    public enum Kind {
        /** A complete frame: payload is [payloadStart, payloadEnd), consumed bytes end after FS CR. */
        FRAME,
        /** The start of a frame, not yet complete and within the cap: read more. */
        INCOMPLETE,
        /** A frame has started and its payload already exceeds the cap: discard until its end, then NACK. */
        TOO_LARGE,
        /** Bytes that do not start a frame (no VT): consumed bytes are skipped; the sender gets a NACK. */
        JUNK,
        /** Nothing buffered. */
        EMPTY
    }

    /**
     * @param consumed bytes from the scan start that this result accounts for (to drop from the buffer)
     */
    public record Scan(Kind kind, int payloadStart, int payloadEnd, int consumed) {
        public int payloadLength() {
            return payloadEnd - payloadStart;
        }
    }

    private MllpFrames() {
    }

    /**
     * Looks at {@code buf[from, to)}.
     *
     * @param maxPayload the size cap in bytes of one message
     */
    public static Scan scan(byte[] buf, int from, int to, int maxPayload) {
        if (from >= to) {
            return new Scan(Kind.EMPTY, from, from, 0);
        }
        if (buf[from] != START) {
            int next = indexOf(buf, from, to, START);
            int junkEnd = next < 0 ? to : next;
            return new Scan(Kind.JUNK, from, junkEnd, junkEnd - from);
        }
        int payloadStart = from + 1;
        int limit = Math.min(to, payloadStart + maxPayload + 2);
        for (int i = payloadStart; i < limit; i++) {
            if (buf[i] == END) {
                if (i + 1 >= to) {
                    return new Scan(Kind.INCOMPLETE, payloadStart, i, 0);
                }
                // FS must be followed by CR; a lone FS is tolerated and consumed without the CR
                int consumedEnd = buf[i + 1] == CR ? i + 2 : i + 1;
                if (i - payloadStart > maxPayload) {
                    return new Scan(Kind.TOO_LARGE, payloadStart, i, consumedEnd - from);
                }
                return new Scan(Kind.FRAME, payloadStart, i, consumedEnd - from);
            }
            if (buf[i] == START) {
                // a new frame starts before this one ended: the first was truncated
                return new Scan(Kind.JUNK, from, i, i - from);
            }
        }
        if (to - payloadStart > maxPayload) {
            return new Scan(Kind.TOO_LARGE, payloadStart, to, 0);
        }
        return new Scan(Kind.INCOMPLETE, payloadStart, to, 0);
    }

    /**
     * Skips bytes of an oversized frame. Returns how many bytes of {@code buf[from, to)} belong to it and
     * whether its end (FS, optionally followed by CR) was among them.
     */
    public static Skip skipToEnd(byte[] buf, int from, int to) {
        int end = indexOf(buf, from, to, END);
        if (end < 0) {
            return new Skip(to - from, false);
        }
        int after = end + 1 < to && buf[end + 1] == CR ? end + 2 : end + 1;
        return new Skip(after - from, true);
    }

    public record Skip(int consumed, boolean ended) {
    }

    /** Wraps a payload in VT ... FS CR. */
    public static byte[] frame(byte[] payload) {
        byte[] framed = new byte[payload.length + 3];
        framed[0] = START;
        System.arraycopy(payload, 0, framed, 1, payload.length);
        framed[payload.length + 1] = END;
        framed[payload.length + 2] = CR;
        return framed;
    }

    private static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
