package org.fhirgateway.server.app;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.fhirgateway.server.auth.GatewayAuth;
import org.fhirgateway.server.rest.FhirEndpoint;

/**
 * Jetty 12 hosting the gateway's HTTP side: {@code /fhir/*} (HAPI, behind the auth filter), {@code /auth/token}
 * and the SMART configuration. Stopping is graceful: requests in flight finish (up to the stop timeout).
 */
final class HttpServer implements AutoCloseable {

    private static final long STOP_TIMEOUT_MILLIS = 15_000;

    private final Server server;
    private final ServerConnector connector;

    private HttpServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * @param bind the local address to listen on
     * @param port the port to bind (0 for any free one)
     * @param maxRequestBytes also the container's limit on form bodies (POST _search, the token endpoint)
     * @param more mounts further servlets (the HL7 v2 endpoints) on the context before it starts
     */
    static HttpServer start(java.net.InetAddress bind, int port, long maxRequestBytes, FhirEndpoint fhir,
            GatewayAuth auth, java.util.function.Consumer<ServletContextHandler> more) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("http");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(bind.getHostAddress());
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = context(fhir, auth);
        more.accept(context);
        context.setMaxFormContentSize((int) Math.min(maxRequestBytes, Integer.MAX_VALUE));
        server.setHandler(new GracefulHandler(context));
        server.setErrorHandler(new OperationOutcomeErrorHandler.BeforeContext());
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        server.start();
        return new HttpServer(server, connector);
    }

    private static ServletContextHandler context(FhirEndpoint fhir, GatewayAuth auth) {
        ServletContextHandler context = new ServletContextHandler("/");
        context.setErrorHandler(new OperationOutcomeErrorHandler());
        EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
        context.addFilter(new FilterHolder(auth.filter()), FhirEndpoint.FHIR_PATH + "/*", requests);
        context.addFilter(new FilterHolder(fhir.bodyLimitFilter()), "/*", requests);
        ServletHolder fhirServlet = new ServletHolder("fhir", fhir.servlet());
        fhirServlet.setInitOrder(1); // HAPI scans its providers at start, not on the first request
        context.addServlet(fhirServlet, FhirEndpoint.FHIR_PATH + "/*");
        context.addServlet(new ServletHolder("bulk", fhir.bulkServlet()), FhirEndpoint.BULK_PATH + "/*");
        context.addServlet(new ServletHolder("token", auth.tokenEndpoint()), GatewayAuth.TOKEN_PATH);
        ServletHolder smart = new ServletHolder("smart-configuration", auth.smartConfiguration());
        context.addServlet(smart, "/.well-known/smart-configuration");
        context.addServlet(smart, FhirEndpoint.FHIR_PATH + "/.well-known/smart-configuration");
        return context;
    }

    /** The running server (the metrics bind its thread pool and connectors). */
    Server server() {
        return server;
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    int port() {
        return connector.getLocalPort();
    }

    void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
