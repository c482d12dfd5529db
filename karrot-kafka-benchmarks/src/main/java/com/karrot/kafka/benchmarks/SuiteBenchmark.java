package com.karrot.kafka.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The benchmarks {@link BenchmarkSuite} runs, in the order it runs them, each with the name {@code --only} and
 * {@code --NAME-args} know it by and the options of its toy scale ({@code --quick}, those of its integration test).
 */
enum SuiteBenchmark {

    OUTBOX("OutboxBenchmark", "about 4 min", "--events 2000 --warmup-events 0 --rate 200 --steady-seconds 2 "
            + "--max-rate-seconds 2 --insert-transactions 200"),

    LISTENER("ListenerBenchmark", "about 1.5 min", "--events 2000 --inbox-events 500 --stall-seconds 20"),

    LAG("LagBenchmark", "about 1 min", "--groups 6 --partitions 4 --topics 2 --records 5 --refreshes 2"),

    SERDE("SerdeBenchmark", "about 40 s", "--records 1000 --warmups 1 --iterations 3"),

    STREAMS("StreamsBenchmark", "about 3 min", "--events 2000 --warmup-events 500 --rounds 2 --stall-seconds 30"),

    STARTUP("TestStartupBenchmark", "about 2 min", "--repetitions 1"),

    /** Runs with Spring Modulith on its class path, which the others must not have. */
    MODULITH("ModulithComparisonBenchmark", "about 3 min", "--events 500 --rate 200 --seconds 2 --rounds 1");

    private final String mainClass;

    private final String duration;

    private final List<String> quickArgs;

    SuiteBenchmark(String mainClass, String duration, String quickArgs) {
        this.mainClass = mainClass;
        this.duration = duration;
        this.quickArgs = words(quickArgs);
    }

    /** The name on the command line: {@code outbox}, {@code listener}, ... */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    String mainClass() {
        return SuiteBenchmark.class.getPackageName() + "." + this.mainClass;
    }

    String simpleName() {
        return this.mainClass;
    }

    /** How long it runs at its defaults on 2 quiet cores, from docs/performance.md. */
    String duration() {
        return this.duration;
    }

    List<String> quickArgs() {
        return this.quickArgs;
    }

    static SuiteBenchmark of(String id) {
        return Arrays.stream(values())
            .filter(each -> each.id().equals(id.trim()))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown benchmark '" + id + "', one of "
                    + Arrays.stream(values()).map(SuiteBenchmark::id).toList()));
    }

    /** Splits options at white space: the benchmarks' values never hold any. */
    static List<String> words(String args) {
        return args.isBlank() ? List.of() : List.of(args.trim().split("\\s+"));
    }
}
