package org.fhirgateway.server.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.fhirgateway.server.ingest.IngestEvents;
import org.fhirgateway.server.ingest.V2Header;

/**
 * The ingest's events as Prometheus meters: {@code gateway_messages_received_total}, {@code _applied_total},
 * {@code _failed_total} (with the stable failure code), {@code _held_total}, each by {@code type} and
 * {@code sender}; {@code gateway_ack_latency_seconds} and {@code gateway_apply_latency_seconds} by type. Every label
 * value comes from {@link LabelValues}.
 */
final class IngestMetrics implements IngestEvents {

    private final MeterRegistry registry;
    private final LabelValues labels;

    IngestMetrics(MeterRegistry registry, LabelValues labels) {
        this.registry = registry;
        this.labels = labels;
    }

    @Override
    public void received(V2Header header) {
        count("gateway.messages.received", "messages committed to the inbox", header);
    }

    @Override
    public void acknowledged(V2Header header, long nanos) {
        timer("gateway.ack.latency", "time from receiving a message to its ACK or NACK", header)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void applied(V2Header header, long nanos) {
        count("gateway.messages.applied", "messages applied to the store", header);
        timer("gateway.apply.latency", "time of one message's apply transaction", header)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void failed(V2Header header, String code) {
        count(Counter.builder("gateway.messages.failed").description("messages that failed to apply (lane held)")
                .tag("code", LabelValues.failureCode(code)), header);
    }

    @Override
    public void held(V2Header header) {
        count("gateway.messages.held", "waiting senders told their message is held behind a failed one", header);
    }

    private void count(String name, String description, V2Header header) {
        count(Counter.builder(name).description(description), header);
    }

    private void count(Counter.Builder counter, V2Header header) {
        counter.tag("type", labels.messageType(header)).tag("sender", labels.sender(header))
                .register(registry).increment();
    }

    private Timer timer(String name, String description, V2Header header) {
        return Timer.builder(name).description(description).tag("type", labels.messageType(header))
                .publishPercentileHistogram().register(registry);
    }
}
