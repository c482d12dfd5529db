package com.karrot.kafka.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The CPU time of the three parties of a run, read from Linux's {@code /proc}: this JVM (the relay or the bare
 * producer), the broker's JVM when it runs in a process of its own, and the PostgreSQL backends of the benchmark's
 * own connections (not PostgreSQL's shared workers, such as the WAL writer, nor other clients' backends). On two
 * cores shared by all three, what one party spends per event is what the others cannot: the rates move with the
 * load of the machine, the CPU time per event much less. Absent (not measured) where {@code /proc} is not there.
 */
final class MachineCpu {

    /** Linux's {@code USER_HZ}, the unit of the times in {@code /proc/<pid>/stat}, 100 on every common kernel. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private static final Path PROC = Path.of("/proc");

    private final long brokerPid;

    private final Supplier<Collection<Long>> postgresPids;

    /**
     * @param brokerPid the broker's process, or {@code -1} when it runs in this JVM or elsewhere
     * @param postgresPids the processes of the benchmark's PostgreSQL connections, none on another database
     */
    MachineCpu(long brokerPid, Supplier<Collection<Long>> postgresPids) {
        this.brokerPid = brokerPid;
        this.postgresPids = postgresPids;
    }

    /** Whether this machine shows processes' CPU times. */
    static boolean available() {
        return Files.isReadable(PROC.resolve("self").resolve("stat"));
    }

    /** The CPU time each party has used so far, or {@code null} when not measurable here. */
    @Nullable Snapshot snapshot() {
        if (!available()) {
            return null;
        }
        long jvm = ProcessCpu.nanos();
        long broker = this.brokerPid > 0 ? ticks(this.brokerPid) * NANOS_PER_TICK : -1;
        Map<Long, Long> postgres = new HashMap<>();
        for (long pid : this.postgresPids.get()) {
            postgres.put(pid, ticks(pid) * NANOS_PER_TICK);
        }
        return new Snapshot(jvm, broker, postgres);
    }

    /** User and system time of a process in clock ticks; 0 when it is gone. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            // after the command name in parentheses, which may hold spaces: state is field 3, utime 14, stime 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        catch (IOException | RuntimeException ex) {
            return 0;
        }
    }

    /**
     * CPU times in nanoseconds.
     * @param jvm this JVM
     * @param broker the broker's process, {@code -1} when not its own process
     * @param postgres the benchmark's PostgreSQL backends, by process
     */
    record Snapshot(long jvm, long broker, Map<Long, Long> postgres) {

        /** What was used between an earlier snapshot and this one (a backend that came meanwhile with all it used). */
        Use since(Snapshot start) {
            long postgres = 0;
            for (Map.Entry<Long, Long> backend : this.postgres.entrySet()) {
                postgres += backend.getValue() - start.postgres.getOrDefault(backend.getKey(), 0L);
            }
            return new Use(this.jvm - start.jvm, this.broker < 0 ? -1 : this.broker - start.broker, postgres);
        }
    }

    /**
     * CPU time used over a phase, in nanoseconds.
     * @param jvm this JVM
     * @param broker the broker's process, {@code -1} when not measured
     * @param postgres the benchmark's PostgreSQL backends
     */
    record Use(long jvm, long broker, long postgres) {

        /** Microseconds per event of each party and their total, as a table cell. */
        String perEvent(long events) {
            double total = this.jvm + Math.max(0, this.broker) + this.postgres;
            return BenchmarkReport.format("%.1f / %s / %.1f / %.1f µs", this.jvm / 1e3 / events,
                    this.broker < 0 ? "not measured" : BenchmarkReport.format("%.1f", this.broker / 1e3 / events),
                    this.postgres / 1e3 / events, total / 1e3 / events);
        }
    }
}
