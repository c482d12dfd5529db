package com.karrot.kafka.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import com.karrot.kafka.test.SharedKafkaBroker;

/**
 * What the benchmark programs share: options from the command line (a bad one exits with status 2 and the
 * reason), progress with the elapsed time on stderr, the Markdown report on stdout, status 1 on a failure. When the
 * system property {@value #OUTPUT_PROPERTY} names a directory, the report also goes to {@code report.md} in it and
 * the headline rows to {@code summary.tsv}, for {@link BenchmarkSuite}.
 */
final class BenchmarkMain {

    static final String OUTPUT_PROPERTY = "karrot.benchmark.output";

    static final String REPORT_FILE = "report.md";

    static final String SUMMARY_FILE = "summary.tsv";

    private BenchmarkMain() {
    }

    /** One benchmark program: runs with its options, printing progress, and returns its report. */
    interface Benchmark<O> {

        Report run(O options, Consumer<String> progress) throws Exception;
    }

    /** What a benchmark found: its full report, and the few rows of it that go into the suite's one table. */
    interface Report {

        /** The full report, in Markdown. */
        String toMarkdown();

        /** The headline figures, with their references, ratios and targets, of this same run. */
        List<SummaryRow> summary();
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
            Report report = benchmark.run(options, progress(System.err));
            String markdown = report.toMarkdown();
            System.out.println();
            System.out.println(markdown);
            System.out.flush();
            String output = System.getProperty(OUTPUT_PROPERTY);
            if (output != null) {
                write(Path.of(output), markdown, report.summary());
            }
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

    private static void write(Path directory, String markdown, List<SummaryRow> summary) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(REPORT_FILE), markdown, StandardCharsets.UTF_8);
        SummaryRow.write(directory.resolve(SUMMARY_FILE), summary);
    }

    /** Prints each line with the seconds since this call. */
    static Consumer<String> progress(PrintStream out) {
        long started = System.nanoTime();
        return line -> out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, line);
    }
}
