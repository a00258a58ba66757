package org.fhirgateway.server.ingest;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.postgres.EmbeddedPostgres;
import org.fhirgateway.server.store.postgres.Platform;
import org.fhirgateway.server.store.postgres.ServerSettings;

/**
 * The ingest stack alone in its own JVM, for the crash test and the load benchmark:
 * {@code IngestStackMain <jdbc-url | embedded:DATA-DIR> <ORIGINAL|IMMEDIATE> [record|store] [mllp-port] [worker-threads]}.
 * With {@code embedded:DATA-DIR} it runs the gateway's embedded PostgreSQL in that data directory, as {@code serve}
 * does. Applies with the RecordingApplier (one row per message in the worker's transaction) or the real mappers and
 * store; the workers have the production settings (lease, poll, batch). Prints {@code READY <port>} when listening.
 */
public final class IngestStackMain {

    private IngestStackMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres embedded = null;
        Database.Settings settings;
        if (args[0].startsWith("embedded:")) {
            embedded = EmbeddedPostgres.start(Path.of(args[0].substring("embedded:".length())), ServerSettings.gateway(),
                    new Platform(System.getProperty("os.name"), System.getProperty("os.arch")));
            settings = new Database.Settings(embedded.jdbcUrl(), embedded.user(), embedded.password(), 16);
        } else {
            settings = new Database.Settings(args[0], null, null, 16);
        }
        Database db = IngestDatabases.withTestTables(Database.open(settings));
        AckMode mode = AckMode.valueOf(args[1]);
        boolean store = args.length > 2 && args[2].equals("store");
        int port = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        MessageApplier applier = store
                ? new StoreApplier(new org.fhirgateway.mappers.MessageMapper(org.fhirgateway.mappers.MapperConfig.defaults()),
                        org.fhirgateway.server.search.StorageEngine.open(db, ca.uhn.fhir.context.FhirContext.forR4Cached()),
                        ca.uhn.fhir.context.FhirContext.forR4Cached())
                : new RecordingApplier();
        WorkerSettings production = WorkerSettings.defaults("node-" + ProcessHandle.current().pid());
        IngestStack stack = IngestStack.start(db.dataSource(), applier, new IngestStack.Settings(
                IngestSettings.defaults().withMode(mode), new WorkerSettings(threads, production.lease(),
                        production.poll(), production.batch(), production.owner())));
        int bound = stack.listen(MllpSettings.defaults().withPort(port));
        System.out.println("READY " + bound);
        System.out.flush();
        CountDownLatch forever = new CountDownLatch(1);
        EmbeddedPostgres server = embedded;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            db.close();
            if (server != null) {
                server.close();
            }
        }));
        forever.await();
    }
}
