package com.karrot.kafka.benchmarks;

import java.util.Arrays;

/**
 * Percentiles of a set of latencies, exact (sorted, nearest rank), in microseconds.
 *
 * @param count how many
 * @param p50 the median
 * @param p95 the 95th percentile
 * @param p99 the 99th percentile
 * @param max the largest
 * @param mean the mean
 */
record Latencies(int count, long p50, long p95, long p99, long max, double mean) {

    static final Latencies NONE = new Latencies(0, 0, 0, 0, 0, 0);

    static Latencies of(long[] micros) {
        if (micros.length == 0) {
            return NONE;
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted.length, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99),
                sorted[sorted.length - 1], Arrays.stream(sorted).average().orElse(0));
    }

    private static long rank(long[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
