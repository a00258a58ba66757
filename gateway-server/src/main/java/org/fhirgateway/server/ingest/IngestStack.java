package org.fhirgateway.server.ingest;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.time.Clock;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.fhirgateway.mappers.MessageMapper;
import org.fhirgateway.server.store.DisclosureLog;

/**
 * The ingest package's public face: inbox, ordered workers and MLLP listener over one database (already migrated
 * with the V20 inbox migration), plus the HTTP servlets. {@code serve} wires it in a few lines:
 * <pre>
 *   IngestStack ingest = IngestStack.start(db.dataSource(), new StoreApplier(mapper, store, fhir), Settings.defaults(node));
 *   ingest.listen(MllpSettings.defaults().withPort(mllpPort));
 *   ingest.mount(servletContext, gatewayAuth::authenticate, mapper);   // /hl7v2 and the /fhir/$... operations
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
    private final ReprocessRunner reprocess;
    private volatile MllpListener listener;

    private IngestStack(DataSource dataSource, LaneWorkers workers, IngestService service, ReprocessRunner reprocess) {
        this.dataSource = dataSource;
        this.workers = workers;
        this.service = service;
        this.reprocess = reprocess;
    }

    public static IngestStack start(DataSource dataSource, MessageApplier applier, Settings settings) {
        return start(dataSource, applier, settings, IngestEvents.NONE);
    }

    /** @param events told of every message received, acknowledged, applied, failed or held (the metrics) */
    public static IngestStack start(DataSource dataSource, MessageApplier applier, Settings settings,
            IngestEvents events) {
        RequestIds requestIds = new RequestIds();
        IngestService.Watch watch = new IngestService.Watch(events, requestIds);
        Completions completions = new Completions();
        AckFactory acks = new AckFactory(Clock.systemUTC(), settings.workers().owner() + "-",
                settings.ingest().unsupportedAcks());
        InboxQueue queue = new InboxQueue(dataSource);
        InboxLanes lanes = new InboxLanes(dataSource, settings.workers().owner(), settings.workers().lease());
        LaneDrain drain = new LaneDrain(queue, settings.workers(), applier, acks, completions, watch);
        NodePresence presence = new NodePresence(dataSource, settings.workers().owner());
        presence.keep();
        LaneWorkers workers = new LaneWorkers(queue, drain, lanes, presence, settings.workers());
        IngestService service = new IngestService(new Inbox(dataSource), workers, completions, acks, settings.ingest(),
                watch);
        workers.start();
        ReprocessJobs jobs = new ReprocessJobs(dataSource);
        ReprocessRunner reprocess = new ReprocessRunner(jobs, new ReprocessRun(jobs, lanes, applier),
                settings.workers().owner(), new DisclosureLog(dataSource));
        reprocess.recover();
        return new IngestStack(dataSource, workers, service, reprocess);
    }

    /** Opens the MLLP listener; returns its port. */
    public int listen(MllpSettings settings) throws IOException {
        listener = new MllpListener(service, settings).start();
        return listener.port();
    }

    /**
     * Mounts {@code POST /hl7v2} and, under /fhir, {@code $convert-hl7v2}, {@code $hl7v2-messages},
     * {@code $hl7v2-message}, {@code $hl7v2-replay}, {@code $hl7v2-skip} and the {@code $hl7v2-reprocess} operations
     * (exact paths, so they win over the FHIR servlet's /fhir/*).
     */
    public void mount(ServletContextHandler context, Authenticator authenticator, MessageMapper mapper) {
        FhirContext fhir = FhirContext.forR4Cached();
        HttpReplies replies = new HttpReplies(fhir, authenticator);
        context.addServlet(new ServletHolder(new Hl7v2Servlet(service, replies)), "/hl7v2");
        context.addServlet(new ServletHolder(new ConvertServlet(mapper, replies, service.settings().maxMessageBytes())),
                "/fhir/$convert-hl7v2");
        for (String operation : new String[] {AdminServlet.LIST, AdminServlet.ONE, AdminServlet.REPLAY, AdminServlet.SKIP}) {
            AdminServlet admin = new AdminServlet(new InboxAdmin(dataSource), new AdminResources(fhir), replies,
                    new DisclosureLog(dataSource));
            context.addServlet(new ServletHolder(admin), "/fhir/" + operation);
        }
        for (String operation : new String[] {ReprocessServlet.START, ReprocessServlet.STATUS, ReprocessServlet.STOP,
                ReprocessServlet.RESUME}) {
            context.addServlet(new ServletHolder(new ReprocessServlet(reprocess, new ReprocessResources(), replies)),
                    "/fhir/" + operation);
        }
    }

    /** The MLLP listener is open (for the readiness check). */
    public boolean listening() {
        MllpListener open = listener;
        return open != null && open.listening();
    }

    public InboxAdmin admin() {
        return new InboxAdmin(dataSource);
    }

    public IngestService service() {
        return service;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Closes the MLLP listener: each connection ends after the message in hand. Workers go on applying. */
    public void stopListening() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }

    /**
     * Stops listening, then the reprocessing job in hand (resumable), then the workers (each finishes the message in
     * hand and releases its lanes).
     */
    @Override
    public void close() {
        stopListening();
        reprocess.close();
        workers.close();
    }
}
