package org.fhirgateway.server.ingest;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.fhirgateway.mappers.MapperConfig;
import org.fhirgateway.mappers.MessageMapper;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.postgres.EmbeddedPostgres;
import org.fhirgateway.server.store.postgres.Platform;
import org.fhirgateway.server.store.postgres.ServerSettings;

/**
 * MLLP load driver against the ingest stack in this JVM (the embedded default: its embedded PostgreSQL in a fresh
 * data directory; or an external PostgreSQL by URL). Several senders on their own connections; reports messages per
 * second and ACK latency percentiles.
 * <pre>
 * mvn -o -q -pl gateway-server -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp gateway-server/target/test-classes:gateway-server/target/classes:$(cat /tmp/cp.txt) \
 *   org.fhirgateway.server.ingest.IngestLoadBenchmark [embedded|jdbc-url] [IMMEDIATE|ORIGINAL] [store|record] [senders] [seconds] [rate|max] [workers]
 * </pre>
 * {@code store} applies with the real mappers and store; {@code record} with the RecordingApplier (ingest cost only).
 * {@code rate} paces the senders to that many messages per second in total (latency run); {@code max} sends flat out.
 */
public final class IngestLoadBenchmark {

    private static int workers;

    private IngestLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = arg(args, 0, "embedded");
        AckMode mode = AckMode.valueOf(arg(args, 1, "IMMEDIATE"));
        boolean realStore = arg(args, 2, "store").equals("store");
        int senders = Integer.parseInt(arg(args, 3, "8"));
        int seconds = Integer.parseInt(arg(args, 4, "20"));
        String rateArg = arg(args, 5, "max");
        double rate = rateArg.equals("max") ? 0 : Double.parseDouble(rateArg);
        workers = Integer.parseInt(arg(args, 6, String.valueOf(WorkerSettings.defaults("bench").threads())));
        if (url.equals("embedded")) {
            // the gateway's default: its embedded PostgreSQL in a fresh data directory
            try (EmbeddedPostgres embedded = EmbeddedPostgres.start(Files.createTempDirectory("ingest-bench"),
                    ServerSettings.gateway(), new Platform(System.getProperty("os.name"), System.getProperty("os.arch")))) {
                measure(new Database.Settings(embedded.jdbcUrl(), embedded.user(), embedded.password(), 16), "embedded",
                        mode, realStore, senders, new int[] {seconds}, rate);
            }
            return;
        }
        String schema = null;
        if (url.startsWith("jdbc:postgresql:") && !url.contains("currentSchema=")) {
            schema = "ingest_bench_" + System.currentTimeMillis();   // never the shared public schema
            try (Connection c = java.sql.DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            url = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }
        try {
            measure(new Database.Settings(url, null, null, 16), "external", mode, realStore, senders, new int[] {seconds}, rate);
        } finally {
            if (schema != null) {
                String base = url.substring(0, url.lastIndexOf("currentSchema=") - 1);
                try (Connection c = java.sql.DriverManager.getConnection(base); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    private static void measure(Database.Settings database, String where, AckMode mode, boolean realStore, int senders,
            int[] duration, double rate) throws Exception {
        int seconds = duration[0];
        try (Database db = IngestDatabases.withTestTables(Database.open(database))) {
            MessageApplier applier = realStore
                    ? new StoreApplier(new MessageMapper(MapperConfig.defaults().withDefaultZone(ZoneOffset.UTC)),
                            StorageEngine.open(db, FhirContext.forR4Cached()), FhirContext.forR4Cached())
                    : new RecordingApplier();
            try (IngestStack stack = IngestStack.start(db.dataSource(), applier, new IngestStack.Settings(
                    IngestSettings.defaults().withMode(mode), new WorkerSettings(workers, Duration.ofSeconds(30),
                            Duration.ofMillis(200), 50, "bench")))) {
                int port = stack.listen(MllpSettings.defaults().withPort(0));
                run(port, senders, 3, rate, "warm-up", null);
                AtomicLong applied = new AtomicLong(count(db, "applied"));
                long[] lat = run(port, senders, seconds, rate, "measured", db);
                long after = count(db, "applied");
                System.out.printf("db=%s mode=%s applier=%s senders=%d workers=" + workers + ": applied during the run %.0f msg/s; waiting %d, failed %d%n",
                        where, mode, realStore ? "store" : "record", senders,
                        (after - applied.get()) / (double) seconds, count(db, "received"), count(db, "failed"));
                try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT error_code, COUNT(*) FROM inbox WHERE status = 'failed' GROUP BY error_code")) {
                    while (rs.next()) {
                        System.out.println("  failed " + rs.getString(1) + ": " + rs.getLong(2));
                    }
                }
            }
        }
    }

    private static long[] run(int port, int senders, int seconds, double rate, String label, Database db) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        List<Future<long[]>> results = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            results.add(pool.submit(() -> send(port, sender, end, rate / senders)));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : results) {
            all.add(f.get());
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("%s: %d ACKs in %.1f s = %.0f msg/s; ACK latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                label, lat.length, elapsed, lat.length / elapsed, pct(lat, 0.50), pct(lat, 0.99), pct(lat, 1.0));
        return lat;
    }

    private static long[] send(int port, int sender, long end, double perSenderRate) throws Exception {
        long[] lat = new long[1 << 20];
        int n = 0;
        long interval = perSenderRate > 0 ? (long) (1e9 / perSenderRate) : 0;
        long next = System.nanoTime();
        try (MllpClient client = new MllpClient("localhost", port)) {
            while (System.nanoTime() < end && n < lat.length) {
                if (interval > 0) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    next += interval;
                }
                String id = "B" + sender + "-" + System.nanoTime();
                String patient = "BP" + sender + "-" + (n % 50);
                long t0 = System.nanoTime();
                String ack = client.send(Messages.adt(n % 5 == 0 ? "A01" : "A08", id, patient));
                lat[n++] = System.nanoTime() - t0;
                if (ack == null || !ack.contains("MSA|AA|")) {
                    throw new IllegalStateException("not an AA: " + ack);
                }
            }
        }
        return Arrays.copyOf(lat, n);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    private static long count(Database db, String status) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM inbox WHERE status = '" + status + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String arg(String[] args, int i, String fallback) {
        return args.length > i ? args[i] : fallback;
    }
}
