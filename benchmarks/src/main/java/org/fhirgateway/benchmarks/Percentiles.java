package org.fhirgateway.benchmarks;

import java.util.Arrays;

/** Latency samples in nanoseconds, reported as percentiles in milliseconds. */
final class Percentiles {

    private long[] samples = new long[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** The p-th percentile (0..100) in milliseconds, nearest-rank. */
    synchronized double millis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, rank))] / 1_000_000.0;
    }

    String summary() {
        return String.format("n=%d p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms",
                count(), millis(50), millis(95), millis(99), millis(100));
    }
}
