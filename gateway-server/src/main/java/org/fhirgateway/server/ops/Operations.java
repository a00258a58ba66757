package org.fhirgateway.server.ops;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.fhirgateway.server.ingest.AddressRange;
import org.fhirgateway.server.ingest.IngestEvents;

/**
 * The ops package's public face: health ({@code /health/live}, {@code /health/ready}), Prometheus metrics
 * ({@code /metrics}) and the HTTP request id. The application wires it:
 * <pre>
 *   Operations ops = Operations.open(settings, db.dataSource());
 *   IngestStack.start(ds, applier, ingestSettings, ops.ingestEvents());
 *   ... HttpServer.start(..., context -> ops.mount(context, "/fhir", types));  ops.listener("mllp", ...);
 * </pre>
 */
public final class Operations implements AutoCloseable {

    /**
     * @param metricsAllowedFrom who may scrape {@code /metrics}
     * @param metricsSenders {@code APP|FACILITY} (or {@code FACILITY}) senders named in labels; empty: the first
     *     {@value LabelValues#MAX_SENDERS} seen
     */
    public record Settings(List<AddressRange> metricsAllowedFrom, List<String> metricsSenders) {
        public Settings {
            metricsAllowedFrom = List.copyOf(metricsAllowedFrom);
            metricsSenders = List.copyOf(metricsSenders);
        }
    }

    private final Settings settings;
    private final GatewayMetrics metrics;
    private final ReadinessChecks readiness;

    private Operations(Settings settings, GatewayMetrics metrics, ReadinessChecks readiness) {
        this.settings = settings;
        this.metrics = metrics;
        this.readiness = readiness;
    }

    public static Operations open(Settings settings, DataSource dataSource) {
        GatewayMetrics metrics = new GatewayMetrics(settings.metricsSenders());
        metrics.bindDatabase(dataSource);
        return new Operations(settings, metrics, new ReadinessChecks(dataSource));
    }

    public IngestEvents ingestEvents() {
        return metrics.ingestEvents();
    }

    /** A listener {@code /health/ready} requires, e.g. {@code mllp}. */
    public void listener(String name, BooleanSupplier up) {
        readiness.listener(name, up);
    }

    /**
     * Mounts the endpoints, the request-id filter (first of all filters) and the search timer on the context
     * before it starts.
     */
    public void mount(ServletContextHandler context, String fhirPath, Set<String> resourceTypes) {
        EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
        context.addFilter(new FilterHolder(new SearchTimingFilter(metrics.registry(), fhirPath, resourceTypes)),
                fhirPath + "/*", requests);
        FilterHolder requestId = new FilterHolder(new RequestIdFilter());
        requestId.setName("request-id");
        context.getServletHandler().addFilter(requestId);
        FilterMapping mapping = new FilterMapping();
        mapping.setFilterName(requestId.getName());
        mapping.setPathSpec("/*");
        mapping.setDispatcherTypes(requests);
        context.getServletHandler().prependFilterMapping(mapping);
        ServletHolder health = new ServletHolder("health", new HealthServlet(readiness));
        context.addServlet(health, HealthServlet.LIVE);
        context.addServlet(health, HealthServlet.READY);
        context.addServlet(new ServletHolder("metrics",
                new MetricsServlet(metrics.registry(), settings.metricsAllowedFrom())), MetricsServlet.PATH);
    }

    /** Jetty's binders, once the server runs; and {@code http} among the readiness checks. */
    public void serving(Server server) {
        metrics.bindJetty(server);
        readiness.listener("http", server::isStarted);
    }

    @Override
    public void close() {
        metrics.close();
    }
}
