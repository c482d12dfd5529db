package com.karrot.kafka.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The CPU time of the three parties of a run, read from Linux's {@code /proc}: this JVM (the relay or the bare
 * producer, and the independent consumer), the broker's JVM when it runs in a process of its own, and every
 * PostgreSQL process (its backends, WAL writer and the other workers that the relay's statements keep busy). On two
 * cores shared by all three, what one party spends per event is what the others cannot: the rates move with the
 * load of the machine, the CPU time per event much less. Absent (not measured) where {@code /proc} is not there.
 */
final class MachineCpu {

    /** Linux's {@code USER_HZ}, the unit of the times in {@code /proc/<pid>/stat}, 100 on every common kernel. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private static final Path PROC = Path.of("/proc");

    private final long brokerPid;

    /**
     * @param brokerPid the broker's process, or {@code -1} when it runs in this JVM or elsewhere
     */
    MachineCpu(long brokerPid) {
        this.brokerPid = brokerPid;
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
        long postgres = 0;
        try (Stream<Path> processes = Files.list(PROC)) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || !isPostgres(process)) {
                    continue;
                }
                postgres += ticks(Long.parseLong(name)) * NANOS_PER_TICK;
            }
        }
        catch (IOException ex) {
            return null;
        }
        return new Snapshot(jvm, broker, postgres);
    }

    private static boolean isPostgres(Path process) {
        try {
            return Files.readString(process.resolve("comm")).strip().equals("postgres");
        }
        catch (IOException ex) {
            // the process ended meanwhile
            return false;
        }
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
     * @param postgres all PostgreSQL processes
     */
    record Snapshot(long jvm, long broker, long postgres) {

        /** What was used between an earlier snapshot and this one. */
        Use since(Snapshot start) {
            return new Use(this.jvm - start.jvm, this.broker < 0 ? -1 : this.broker - start.broker,
                    this.postgres - start.postgres);
        }
    }

    /**
     * CPU time used over a phase, in nanoseconds.
     * @param jvm this JVM
     * @param broker the broker's process, {@code -1} when not measured
     * @param postgres all PostgreSQL processes
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
