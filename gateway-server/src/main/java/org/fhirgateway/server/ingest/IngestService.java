package org.fhirgateway.server.ingest;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.v2.V2Charsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Receives one message from any listener (MLLP or HTTP) and returns the ACK to send: decode per MSH-18, read the
 * header, commit the raw message to the inbox, and only then answer (after the apply in ORIGINAL mode).
 */
public final class IngestService {

    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    /** The answer: ACK text to send in {@code charset}, or no text when the sender asked for none (MSH-15). */
    public record Reply(String ack, Charset charset) {
        public byte[] bytes() {
            return ack == null ? null : ack.getBytes(charset);
        }
    }

    private final Inbox inbox;
    private final LaneWorkers workers;
    private final Completions completions;
    private final AckFactory acks;
    private final IngestSettings settings;
    private final Watch watch;

    /** Who is told what happened (metrics), and where each row's request id is kept for its worker. */
    record Watch(IngestEvents events, RequestIds requestIds) {
    }

    IngestService(Inbox inbox, LaneWorkers workers, Completions completions, AckFactory acks, IngestSettings settings,
            Watch watch) {
        this.watch = watch;
        this.inbox = inbox;
        this.workers = workers;
        this.completions = completions;
        this.acks = acks;
        this.settings = settings;
    }

    public IngestSettings settings() {
        return settings;
    }

    public Reply receive(byte[] raw) {
        return receive(raw, null);
    }

    /**
     * @param fallback the charset when MSH-18 is empty (null: the configured default)
     *
     * <p>Runs under the request id in the MDC (the HTTP request's), or under a fresh one for this message (MLLP).
     */
    public Reply receive(byte[] raw, Charset fallback) {
        boolean ownId = RequestIds.current() == null;
        if (ownId) {
            MDC.put(RequestIds.MDC_KEY, RequestIds.fresh());
        }
        long started = System.nanoTime();
        Received received = null;
        try {
            received = receiveNow(raw, fallback);
            return received.reply();
        } finally {
            watch.events().acknowledged(received == null ? null : received.header(), System.nanoTime() - started);
            if (ownId) {
                MDC.remove(RequestIds.MDC_KEY);
            }
        }
    }

    private record Received(V2Header header, Reply reply) {
    }

    private Received receiveNow(byte[] raw, Charset fallback) {
        V2Charsets.Decoded decoded = V2Charsets.read(raw, fallback != null ? fallback : settings.defaultCharset());
        Charset charset = decoded.charset();
        String text = decoded.text();
        V2Header header;
        try {
            header = V2HeaderReader.read(text);
        } catch (MappingException e) {
            LOG.info("v2 message refused: {}", e.code());
            return new Received(null, refuse(null, IngestError.at(e.code().name(), e.segment(), e.field(), e.getMessage()), charset));
        }
        AckMode mode = header.enhancedMode() ? AckMode.ENHANCED : settings.mode();
        String early = switch (mode) {
            case IMMEDIATE -> acks.ack(header, AckCode.AA, null);
            case ENHANCED -> acks.ack(header, AckCode.CA, null);
            case ORIGINAL -> null;
        };
        Inbox.Receipt receipt;
        try {
            receipt = inbox.store(new Inbox.Incoming(header, raw, charset, mode, early), OffsetDateTime.now(ZoneOffset.UTC));
        } catch (SQLException e) {
            LOG.error("inbox unavailable, message not accepted: {}", e.toString());
            AckCode code = mode == AckMode.ENHANCED ? AckCode.CE : AckCode.AE;
            return new Received(header, new Reply(acks.ack(header, code, IngestError.of("STORE_UNAVAILABLE", "the gateway could not store the message; send it again")), charset));
        }
        if (receipt.duplicate()) {
            LOG.info("inbox {} received again (duplicate)", receipt.id());
            String again = receipt.previousAck() != null ? receipt.previousAck()
                    : acks.ack(header, mode == AckMode.ENHANCED ? AckCode.CA : AckCode.AA, null);
            return new Received(header, new Reply(again, charset));
        }
        watch.events().received(header);
        watch.requestIds().remember(receipt.id(), RequestIds.current());
        if (mode != AckMode.ORIGINAL) {
            workers.wake(header.lane());
            return new Received(header, new Reply(mode == AckMode.ENHANCED ? enhancedReply(header, early) : early, charset));
        }
        return new Received(header, new Reply(awaitApplied(receipt.id(), header), charset));
    }

    /** A NACK for input that is not a storable message (unreadable, too large, badly framed). */
    public Reply refuse(V2Header header, IngestError error, Charset charset) {
        AckCode code = header != null && header.enhancedMode() ? AckCode.CR : AckCode.AR;
        return new Reply(acks.ack(header, code, error), charset == null ? StandardCharsets.ISO_8859_1 : charset);
    }

    private String awaitApplied(long id, V2Header header) {
        var future = completions.expect(id);
        workers.wake(header.lane());
        try {
            Outcome outcome = future.get(settings.applyWait().toMillis(), TimeUnit.MILLISECONDS);
            completions.forget(id);
            return outcome.ack();
        } catch (TimeoutException | ExecutionException e) {
            completions.forget(id);
        } catch (InterruptedException e) {
            completions.forget(id);
            Thread.currentThread().interrupt();
        }
        String stored = storedAck(id);
        return stored != null ? stored : acks.ack(header, AckCode.AA, null); // held; the outcome shows in the queue
    }

    private String storedAck(long id) {
        try {
            return inbox.storedAck(id);
        } catch (SQLException e) {
            return null;
        }
    }

    /** MSH-15: AL (or empty) always, NE never, ER only on error, SU only on success. */
    private static String enhancedReply(V2Header header, String commitAck) {
        return switch (header.acceptAckType()) {
            case "NE", "ER" -> null;
            default -> commitAck;
        };
    }

}
