package org.fhirgateway.server.ops;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.jetty.server.Server;
import org.fhirgateway.server.ingest.IngestEvents;

/**
 * The node's one Prometheus registry: JVM, process, pool (HikariCP's own Micrometer tracker) and Jetty binders,
 * the ingest's events, the inbox backlog, and the FHIR request timers. Closing it closes the JVM GC binder.
 */
final class GatewayMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final LabelValues labels;

    GatewayMetrics(List<String> configuredSenders) {
        this.labels = new LabelValues(configuredSenders);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    IngestEvents ingestEvents() {
        return new IngestMetrics(registry, labels);
    }

    /** Pool gauges and timers ({@code hikaricp_connections_*}) when the pool is Hikari; the backlog gauges. */
    void bindDatabase(DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari && hikari.getMetricsTrackerFactory() == null
                && hikari.getMetricRegistry() == null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        new InboxBacklog(dataSource, Clock.systemUTC()).register(registry);
    }

    /** Jetty's thread pool and connections ({@code jetty_threads_*}, {@code jetty_connections_*}). */
    void bindJetty(Server server) {
        new JettyServerThreadPoolMetrics(server.getThreadPool(), List.of()).bindTo(registry);
        JettyConnectionMetrics.addToAllConnectors(server, registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
