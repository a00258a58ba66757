package org.fhirgateway.server.ingest;

import java.io.IOException;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The ingest package's public face: inbox, ordered workers and MLLP listener over one database (already migrated
 * with the V20 inbox migration), plus the HTTP servlets. {@code serve} wires it in a few lines:
 * <pre>
 *   IngestStack ingest = IngestStack.start(dataSource, applier, IngestStack.Settings.defaults(nodeName));
 *   ingest.listen(MllpSettings.defaults().withPort(mllpPort));
 *   context.addServlet(new ServletHolder(ingest.httpServlet(auth::authenticate)), "/hl7v2");
 * </pre>
 */
public final class IngestStack implements AutoCloseable {

    /** Everything configurable about the ingest, apart from the listeners. */
    public record Settings(IngestSettings ingest, WorkerSettings workers) {
        public static Settings defaults(String node) {
            return new Settings(IngestSettings.defaults(), WorkerSettings.defaults(node));
        }
    }

    private final DataSource dataSource;
    private final LaneWorkers workers;
    private final IngestService service;
    private MllpListener listener;

    private IngestStack(DataSource dataSource, LaneWorkers workers, IngestService service) {
        this.dataSource = dataSource;
        this.workers = workers;
        this.service = service;
    }

    public static IngestStack start(DataSource dataSource, MessageApplier applier, Settings settings) {
        Completions completions = new Completions();
        AckFactory acks = new AckFactory(Clock.systemUTC(), settings.workers().owner() + "-");
        InboxQueue queue = new InboxQueue(dataSource);
        InboxLanes lanes = new InboxLanes(dataSource, settings.workers().owner(), settings.workers().lease());
        LaneDrain drain = new LaneDrain(queue, applier, acks, completions, settings.workers());
        LaneWorkers workers = new LaneWorkers(queue, drain, lanes, settings.workers());
        IngestService service = new IngestService(new Inbox(dataSource), workers, completions, acks, settings.ingest());
        workers.start();
        return new IngestStack(dataSource, workers, service);
    }

    /** Opens the MLLP listener; returns its port. */
    public int listen(MllpSettings settings) throws IOException {
        listener = new MllpListener(service, settings).start();
        return listener.port();
    }

    public IngestService service() {
        return service;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        workers.close();
    }
}
