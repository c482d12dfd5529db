package com.karrot.kafka.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs every benchmark, one after the other (never side by side: they measure), each in a JVM of its own with its own
 * class path (Spring Modulith only on the comparison's), and prints one Markdown table of their headline figures and
 * ratios, then each benchmark's full report. Progress, the benchmarks' included, goes to stderr; the report to stdout
 * and to {@code report.md} in the output directory. A benchmark that fails gets a row saying so, the others still
 * run, and the exit status is 1. See {@code docs/performance.md}.
 *
 * <pre>mvn -B -q -pl karrot-kafka-benchmarks-modulith -am package -DskipTests -Pbenchmarks [-Dbenchmark.args="--only outbox,streams"]</pre>
 */
public final class BenchmarkSuite {

    private BenchmarkSuite() {
    }

    /**
     * Runs the suite and prints its report.
     * @param args the options, see the usage ({@code --help})
     */
    public static void main(String[] args) {
        SuiteOptions options;
        try {
            options = SuiteOptions.parse(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println(ex.getMessage());
            System.exit(2);
            return;
        }
        Consumer<String> progress = BenchmarkMain.progress(System.err);
        SuiteReport report = run(options, progress);
        String markdown = report.toMarkdown();
        System.out.println();
        System.out.println(markdown);
        System.out.flush();
        Path file = options.output().resolve("report.md").toAbsolutePath();
        try {
            Files.writeString(file, markdown, StandardCharsets.UTF_8);
            progress.accept("The report is also in " + file);
        }
        catch (IOException ex) {
            progress.accept("Could not write " + file + ": " + ex);
        }
        System.exit(report.allFinished() ? 0 : 1);
    }

    static SuiteReport run(SuiteOptions options, Consumer<String> progress) {
        String context = context(options);
        progress.accept(context);
        List<BenchmarkJvm.Outcome> outcomes = new ArrayList<>();
        int n = options.benchmarks().size();
        for (SuiteBenchmark benchmark : options.benchmarks()) {
            progress.accept(String.format(Locale.ROOT, "=== %d/%d %s %s%s", outcomes.size() + 1, n,
                    benchmark.simpleName(), String.join(" ", options.argsOf(benchmark)),
                    options.quick() ? "" : " (" + benchmark.duration() + ")"));
            BenchmarkJvm.Outcome outcome = BenchmarkJvm.run(benchmark, options, progress);
            progress.accept("=== " + benchmark.simpleName() + " " + (outcome.finished() ? "finished"
                    : "FAILED: " + outcome.failure()) + " after " + SuiteReport.duration(outcome.elapsed()));
            outcomes.add(outcome);
        }
        String closing = String.format(Locale.ROOT, "System load average (1 min) at the end: %.2f.", loadAverage());
        return new SuiteReport(context, outcomes, closing);
    }

    private static String context(SuiteOptions options) {
        return String.format(Locale.ROOT, "Benchmark suite, %s: %s, one after the other, each in a JVM of its own (%s)."
                + "%s Machine: %d CPUs, Java %s, load average (1 min) at the start %.2f.",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                String.join(", ", options.benchmarks().stream().map(SuiteBenchmark::simpleName).toList()),
                String.join(" ", options.jvmArgs()),
                options.quick() ? " **Quick mode: every benchmark at toy scale; the figures say nothing about speed.**"
                        : "",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), loadAverage());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
