package com.karrot.kafka.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
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
 * <p>
 * Of the two JVMs' time it also tells what their JIT compiler threads took: a JVM that is still compiling runs
 * slower and takes CPU from everything else on the machine, so a measurement taken then says little about a
 * service that has run for hours.
 */
final class MachineCpu {

    /** Linux's {@code USER_HZ}, the unit of the times in {@code /proc/<pid>/stat}, 100 on every common kernel. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private static final Path PROC = Path.of("/proc");

    /** The names HotSpot gives its compiler threads, as Linux keeps them (15 characters). */
    private static final String C1 = "C1 CompilerThre";

    private static final String C2 = "C2 CompilerThre";

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
            postgres.put(pid, ticks(PROC.resolve(Long.toString(pid))) * NANOS_PER_TICK);
        }
        Map<Long, Long> compilers = new HashMap<>();
        compilerThreads(ProcessHandle.current().pid(), compilers);
        if (this.brokerPid > 0) {
            compilerThreads(this.brokerPid, compilers);
        }
        return new Snapshot(jvm, broker, postgres, compilers);
    }

    /**
     * The CPU time each party has used since {@code start}, read now.
     * @param start a snapshot of this machine's, or {@code null} when it was not measurable
     * @return the use, or {@code null} when not measurable here
     */
    @Nullable Use usedSince(@Nullable Snapshot start) {
        Snapshot end = snapshot();
        return start != null && end != null ? end.since(start) : null;
    }

    /** Adds the CPU time of each JIT compiler thread of a JVM, by thread id. */
    private static void compilerThreads(long pid, Map<Long, Long> compilers) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path task : tasks) {
                String name = Files.readString(task.resolve("comm")).strip();
                if (name.equals(C1) || name.equals(C2)) {
                    compilers.put(Long.parseLong(task.getFileName().toString()), ticks(task) * NANOS_PER_TICK);
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // a process or thread gone meanwhile: what it compiled before is not counted
        }
    }

    private static long ticks(long pid) {
        return ticks(PROC.resolve(Long.toString(pid)));
    }

    /** User and system time of a process or thread in clock ticks; 0 when it is gone. */
    private static long ticks(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
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
     * @param compilers the JIT compiler threads of this JVM and the broker's, by thread
     */
    record Snapshot(long jvm, long broker, Map<Long, Long> postgres, Map<Long, Long> compilers) {

        /**
         * What was used between an earlier snapshot and this one (a backend or thread that came meanwhile with all
         * it used).
         */
        Use since(Snapshot start) {
            return new Use(this.jvm - start.jvm, this.broker < 0 ? -1 : this.broker - start.broker,
                    added(start.postgres, this.postgres), added(start.compilers, this.compilers));
        }

        private static long added(Map<Long, Long> before, Map<Long, Long> after) {
            long sum = 0;
            for (Map.Entry<Long, Long> entry : after.entrySet()) {
                sum += entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
            }
            return sum;
        }
    }

    /**
     * CPU time used over a phase, in nanoseconds.
     * @param jvm this JVM
     * @param broker the broker's process, {@code -1} when not measured
     * @param postgres the benchmark's PostgreSQL backends
     * @param compilers the JIT compiler threads of this JVM and of the broker's, part of {@code jvm} and
     * {@code broker}
     */
    record Use(long jvm, long broker, long postgres, long compilers) {

        /**
         * Microseconds per event of each party and their total, as a table cell, with the share of the total that
         * the JIT compilers took when they took any.
         */
        String perEvent(long events) {
            double total = this.jvm + Math.max(0, this.broker) + this.postgres;
            return BenchmarkReport.format("%.1f / %s / %.1f / %.1f µs%s", this.jvm / 1e3 / events,
                    this.broker < 0 ? "not measured" : BenchmarkReport.format("%.1f", this.broker / 1e3 / events),
                    this.postgres / 1e3 / events, total / 1e3 / events,
                    this.compilers > 0 && total > 0
                            ? BenchmarkReport.format(" (JIT %.0f %%)", 100 * this.compilers / total) : "");
        }
    }
}
