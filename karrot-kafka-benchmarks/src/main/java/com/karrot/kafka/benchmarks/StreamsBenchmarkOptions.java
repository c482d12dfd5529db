package com.karrot.kafka.benchmarks;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What one Streams benchmark run does, from the command line. Every option has a default, so that a bare run is the
 * documented one.
 *
 * @param bootstrapServers a running broker, or {@code null} for one the benchmark starts in a JVM of its own
 * @param partitions partitions of the input and output topics (the repartition topic gets as many)
 * @param events events written to the input topic, read by every run
 * @param warmupEvents events of the warm-up topic, read once by each application before the measured rounds
 * @param rounds rounds of one plain and one auto-configured run each, the plain one first in odd rounds
 * @param threads stream threads of each application
 * @param stallTimeout how long a run may go without a new total on the output before it is given up
 */
record StreamsBenchmarkOptions(@Nullable String bootstrapServers, int partitions, int events, int warmupEvents,
        int rounds, int threads, Duration stallTimeout) {

    static final String USAGE = """
            StreamsBenchmark [options]
              --bootstrap-servers HOSTS    a running broker (default: a one-node KRaft broker in a JVM of its own,
                                           started by the benchmark, so that it does not share this JVM's CPU time)
              --partitions N               partitions of the input and output topics (default 3)
              --events N                   events in the input topic (default 300000)
              --warmup-events N            events of a warm-up topic each application reads once, unmeasured,
                                           before the rounds, while the JIT compiles the code both run (default 100000)
              --rounds N                   rounds of a plain and an auto-configured run (default 4; the plain
                                           one first in rounds 1, 3, ..., the auto-configured one in 2, 4, ...)
              --threads N                  stream threads of each application (default 1)
              --stall-seconds N            give a run up after N s without a new total on the output (default 60)
            """;

    static StreamsBenchmarkOptions parse(String... args) {
        CommandLine line = CommandLine.parse(args, USAGE, "--bootstrap-servers", "--partitions", "--events",
                "--warmup-events", "--rounds", "--threads", "--stall-seconds");
        return new StreamsBenchmarkOptions(line.text("--bootstrap-servers"), line.positive("--partitions", 3),
                line.positive("--events", 300_000), line.positive("--warmup-events", 100_000),
                line.positive("--rounds", 4), line.positive("--threads", 1),
                Duration.ofSeconds(line.positive("--stall-seconds", 60)));
    }
}
