package org.fhirgateway.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.fhirgateway.mappers.BundleJson;
import org.fhirgateway.mappers.MapperConfig;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MessageMapper;
import org.fhirgateway.mappers.v2.V2Batch;

/**
 * Map + serialise throughput per CPU-second of the measuring thread: on a shared machine (the development
 * boxes run several builds on 2 cores) JMH's wall-clock figures mostly measure the neighbours; the thread's
 * own CPU time is what "messages per second on one core" means. Warm-up rounds first, then measured rounds.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.fhirgateway.benchmarks.CpuTimeThroughput [rounds [file ...]]</pre>
 * (files under {@code messages/}, by default all six; one file alone is what a profiler run wants)
 */
public final class CpuTimeThroughput {

    private static final long ROUND_CPU_NANOS = 3_000_000_000L;

    private CpuTimeThroughput() {
    }

    public static void main(String[] args) throws MappingException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        MessageMapper mapper = new MessageMapper(MapperConfig.defaults().withDefaultZone(ZoneId.of("Europe/Berlin")));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        String[] files = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length)
                : new String[] {"adt-a01.hl7", "oru-r01.hl7", "adt-a01-full.hl7", "vxu-v04.hl7", "orm-o01.hl7", "mdm-t02.hl7"};
        for (String file : files) {
            String message = load("messages/" + file);
            for (int round = 1; round <= rounds + 2; round++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                long count = 0;
                while (threads.getCurrentThreadCpuTime() - cpu0 < ROUND_CPU_NANOS) {
                    for (int i = 0; i < 100; i++) {
                        BundleJson.toJson(mapper.map(message).bundle());
                    }
                    count += 100;
                }
                double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
                double wall = (System.nanoTime() - wall0) / 1e9;
                System.out.printf("%-17s %s round %d: %,8.0f msg per CPU-second (%,8.0f per wall-second)%n",
                        file, round <= 2 ? "warm-up" : "measured", round, count / cpu, count / wall);
            }
        }
    }

    private static String load(String path) {
        try (InputStream in = CpuTimeThroughput.class.getClassLoader().getResourceAsStream(path)) {
            return V2Batch.split(new String(in.readAllBytes(), StandardCharsets.UTF_8)).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
