package org.fhirgateway.server.ingest;

import java.time.ZoneOffset;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.fhirgateway.mappers.MapperConfig;
import org.fhirgateway.mappers.MessageMapper;

/** A real Jetty on a free port with the ingest's servlets mounted (POST /hl7v2, the /fhir/$hl7v2-* operations). */
final class IngestHttpServer implements AutoCloseable {

    private final Server jetty;
    private final String base;

    private IngestHttpServer(Server jetty, String base) {
        this.jetty = jetty;
        this.base = base;
    }

    static IngestHttpServer start(IngestStack stack, Authenticator tokens) throws Exception {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        stack.mount(context, tokens, new MessageMapper(MapperConfig.defaults().withDefaultZone(ZoneOffset.UTC)));
        jetty.setHandler(context);
        jetty.start();
        return new IngestHttpServer(jetty, "http://localhost:" + connector.getLocalPort());
    }

    /** e.g. http://localhost:43210 */
    String base() {
        return base;
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
