package com.karrot.kafka.benchmarks;

import java.util.concurrent.TimeUnit;

/**
 * A thread of the benchmark's JVM that sleeps 1 ms at a time and counts how late it wakes up, as jHiccup does: what
 * any thread of the JVM that became runnable waited for a core, a garbage collection or a safepoint. It says how
 * much of a latency's tail the machine makes, measured beside the relay and beside the bare producer.
 */
final class HiccupMeter {

    /** A wake-up at least this late counts as a hiccup. */
    static final long HICCUP_MICROS = 10_000;

    private static final long SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private volatile boolean running = true;

    private final Thread thread;

    // written by the meter's thread only, read once it has ended
    private long hiccups;

    private long longestMicros;

    /**
     * What the meter saw.
     * @param hiccups wake-ups at least {@value HiccupMeter#HICCUP_MICROS} µs late
     * @param longestMicros the latest wake-up, beyond the 1 ms asked for
     */
    record Result(long hiccups, long longestMicros) {

        String describe() {
            return BenchmarkReport.format("%d, longest %.1f ms", this.hiccups, this.longestMicros / 1e3);
        }
    }

    private HiccupMeter() {
        this.thread = new Thread(this::run, "karrot-bench-hiccup-meter");
        this.thread.setDaemon(true);
    }

    /** Starts a meter; {@link #stop()} ends it. */
    static HiccupMeter start() {
        HiccupMeter meter = new HiccupMeter();
        meter.thread.start();
        return meter;
    }

    private void run() {
        long last = System.nanoTime();
        while (this.running) {
            try {
                TimeUnit.NANOSECONDS.sleep(SLEEP_NANOS);
            }
            catch (InterruptedException ex) {
                return;
            }
            long now = System.nanoTime();
            long lateMicros = (now - last - SLEEP_NANOS) / 1_000;
            last = now;
            if (lateMicros >= HICCUP_MICROS) {
                this.hiccups++;
            }
            this.longestMicros = Math.max(this.longestMicros, lateMicros);
        }
    }

    /** Stops the meter and returns what it saw. */
    Result stop() throws InterruptedException {
        this.running = false;
        // it ends within one sleep, and its fields are then safe to read
        this.thread.join(TimeUnit.SECONDS.toMillis(10));
        return new Result(this.hiccups, this.longestMicros);
    }
}
