package org.fhirgateway.server.ingest;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.fhirgateway.server.store.Database;

/**
 * The ingest stack alone in its own JVM, for the crash test and the load benchmark:
 * {@code IngestStackMain <jdbc-url> <ORIGINAL|IMMEDIATE> [record|store] [mllp-port] [worker-threads]}. Applies with
 * the RecordingApplier (one row per message in the worker's transaction) or the real mappers and store. Prints
 * {@code READY <port>} when listening.
 */
public final class IngestStackMain {

    private IngestStackMain() {
    }

    public static void main(String[] args) throws Exception {
        Database db = IngestDatabases.withTestTables(Database.open(new Database.Settings(args[0], null, null, 16)));
        AckMode mode = AckMode.valueOf(args[1]);
        boolean store = args.length > 2 && args[2].equals("store");
        int port = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        MessageApplier applier = store
                ? new StoreApplier(new org.fhirgateway.mappers.MessageMapper(org.fhirgateway.mappers.MapperConfig.defaults()),
                        org.fhirgateway.server.search.StorageEngine.open(db, ca.uhn.fhir.context.FhirContext.forR4Cached()),
                        ca.uhn.fhir.context.FhirContext.forR4Cached())
                : new RecordingApplier();
        IngestStack stack = IngestStack.start(db.dataSource(), applier, new IngestStack.Settings(
                IngestSettings.defaults().withMode(mode),
                new WorkerSettings(threads, Duration.ofSeconds(5), Duration.ofMillis(100), 50, "node-" + ProcessHandle.current().pid())));
        int bound = stack.listen(MllpSettings.defaults().withPort(port));
        System.out.println("READY " + bound);
        System.out.flush();
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            db.close();
        }));
        forever.await();
    }
}
