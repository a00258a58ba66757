package org.fhirgateway.server.rest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * CPU time spent by the gateway's request threads (Jetty's pool, named {@code http-*}; MLLP connection threads,
 * {@code mllp-*}) in this JVM, measured server-side with {@link ThreadMXBean}: a hostile request must cost its
 * thread at most a bounded amount of CPU, whatever the wall clock of a busy CI machine says.
 */
final class ServerCpu {

    static final Duration HOSTILE_BUDGET = Duration.ofSeconds(1);

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ServerCpu() {
    }

    /** The CPU nanoseconds used so far by every live request thread. */
    static long requestThreadsNanos() {
        long total = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith("http") || info.getThreadName().startsWith("mllp"))) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                total += Math.max(cpu, 0);
            }
        }
        return total;
    }

    /** Runs {@code call} and returns the request threads' CPU time it caused. */
    static <T> Measured<T> measure(Call<T> call) throws Exception {
        long before = requestThreadsNanos();
        T result = call.run();
        return new Measured<>(result, Duration.ofNanos(requestThreadsNanos() - before));
    }

    interface Call<T> {
        T run() throws Exception;
    }

    record Measured<T>(T result, Duration cpu) {
    }
}
