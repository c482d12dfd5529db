package com.karrot.kafka.benchmarks;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import com.karrot.kafka.test.SharedKafkaBroker;

/**
 * What the benchmark programs share: options from the command line (a bad one exits with status 2 and the
 * reason), progress with the elapsed time on stderr, the Markdown report on stdout, status 1 on a failure.
 */
final class BenchmarkMain {

    private BenchmarkMain() {
    }

    /** One benchmark program: runs with its options, printing progress, and returns its report in Markdown. */
    interface Benchmark<O> {

        String run(O options, Consumer<String> progress) throws Exception;
    }

    static <O> void run(String[] args, Function<String[], O> parse, Function<O, String> bootstrapServers,
            Benchmark<O> benchmark) {
        runBenchmark(args, parse, options -> bootstrapServers.apply(options) == null, benchmark);
    }

    /** A benchmark that uses the shared in-process broker when its options say so. */
    static <O> void runSharingBroker(String[] args, Function<String[], O> parse, Predicate<O> usesSharedBroker,
            Benchmark<O> benchmark) {
        runBenchmark(args, parse, usesSharedBroker, benchmark);
    }

    /** A benchmark that never uses the shared in-process broker. */
    static <O> void run(String[] args, Function<String[], O> parse, Benchmark<O> benchmark) {
        runBenchmark(args, parse, options -> false, benchmark);
    }

    private static <O> void runBenchmark(String[] args, Function<String[], O> parse, Predicate<O> usesSharedBroker,
            Benchmark<O> benchmark) {
        O options;
        try {
            options = parse.apply(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println(ex.getMessage());
            System.exit(2);
            return;
        }
        try {
            String report = benchmark.run(options, progress(System.err));
            System.out.println();
            System.out.println(report);
            System.out.flush();
            if (usesSharedBroker.test(options)) {
                // before the JVM's exit hooks delete its directories under it, which only makes noise
                SharedKafkaBroker.get().destroy();
            }
            System.exit(0);
        }
        catch (Exception ex) {
            ex.printStackTrace();
            System.exit(1);
        }
    }

    /** Prints each line with the seconds since this call. */
    static Consumer<String> progress(PrintStream out) {
        long started = System.nanoTime();
        return line -> out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, line);
    }
}
