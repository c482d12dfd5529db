package com.karrot.kafka.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Runs one benchmark program in a JVM of its own, as {@code -Pbenchmark} does, and collects what it wrote: its
 * report and its summary rows ({@link BenchmarkMain#OUTPUT_PROPERTY}). Its stderr (progress, warnings) is relayed
 * line by line, its stdout kept in {@code stdout.log} beside the report. A JVM that outlives the timeout is stopped,
 * with the broker JVMs it started.
 */
final class BenchmarkJvm {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private BenchmarkJvm() {
    }

    /**
     * What one benchmark gave.
     * @param benchmark which
     * @param elapsed from the JVM's start to its exit
     * @param failure why it gave no report, or {@code null} when it did
     * @param rows its summary rows, empty on a failure
     * @param report its full report in Markdown, empty on a failure
     * @param directory where its files are
     */
    record Outcome(SuiteBenchmark benchmark, Duration elapsed, @Nullable String failure, List<SummaryRow> rows,
            String report, Path directory) {

        boolean finished() {
            return this.failure == null;
        }
    }

    static Outcome run(SuiteBenchmark benchmark, SuiteOptions options, Consumer<String> stderr) {
        Path directory = options.output().resolve(benchmark.id()).toAbsolutePath();
        long started = System.nanoTime();
        try {
            prepare(directory);
            Process process = new ProcessBuilder(command(benchmark, options, directory))
                .redirectOutput(directory.resolve("stdout.log").toFile())
                .start();
            Thread relay = relay(process, benchmark, stderr);
            String failure = await(process, options.timeout());
            relay.join(STOP_GRACE.toMillis());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (failure != null) {
                return failed(benchmark, elapsed, failure, directory);
            }
            Path summary = directory.resolve(BenchmarkMain.SUMMARY_FILE);
            Path report = directory.resolve(BenchmarkMain.REPORT_FILE);
            if (!Files.exists(summary) || !Files.exists(report)) {
                return failed(benchmark, elapsed, "exited without writing its report", directory);
            }
            return new Outcome(benchmark, elapsed, null, SummaryRow.read(summary),
                    Files.readString(report, StandardCharsets.UTF_8), directory);
        }
        catch (IOException | UncheckedIOException | IllegalArgumentException ex) {
            return failed(benchmark, Duration.ofNanos(System.nanoTime() - started), ex.toString(), directory);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return failed(benchmark, Duration.ofNanos(System.nanoTime() - started), "interrupted", directory);
        }
    }

    static List<String> command(SuiteBenchmark benchmark, SuiteOptions options, Path directory) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.jvmArgs());
        command.add("-Djava.io.tmpdir=" + directory.resolve("tmp"));
        command.add("-D" + BenchmarkMain.OUTPUT_PROPERTY + "=" + directory);
        command.add("-cp");
        command.add(options.classpathOf(benchmark));
        command.add(benchmark.mainClass());
        command.addAll(options.argsOf(benchmark));
        return command;
    }

    /** A report of an earlier run must not pass for this run's. */
    private static void prepare(Path directory) throws IOException {
        Files.createDirectories(directory.resolve("tmp"));
        Files.deleteIfExists(directory.resolve(BenchmarkMain.REPORT_FILE));
        Files.deleteIfExists(directory.resolve(BenchmarkMain.SUMMARY_FILE));
    }

    private static Thread relay(Process process, SuiteBenchmark benchmark, Consumer<String> stderr) {
        Thread relay = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    stderr.accept("[" + benchmark.id() + "] " + line);
                }
            }
            catch (IOException ex) {
                stderr.accept("[" + benchmark.id() + "] stderr no longer readable: " + ex);
            }
        }, "relay-" + benchmark.id());
        relay.setDaemon(true);
        relay.start();
        return relay;
    }

    /** Waits for the exit; returns why the benchmark failed, or {@code null} when it exited with status 0. */
    private static @Nullable String await(Process process, Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            // the broker JVMs it started first: it would wait for them
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
            return "stopped after " + timeout.toMinutes() + " min (--timeout-minutes)";
        }
        int status = process.exitValue();
        return status == 0 ? null : "exit status " + status + (status == 2 ? " (bad options)" : "");
    }

    private static Outcome failed(SuiteBenchmark benchmark, Duration elapsed, String failure, Path directory) {
        return new Outcome(benchmark, elapsed, failure, List.of(), "", directory);
    }
}
