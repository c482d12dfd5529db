package com.karrot.kafka.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Measures how long the first and the second application context of a test class take to start with
 * {@code @KarrotKafkaTest} (the JVM's shared broker) and with spring-kafka-test's {@code @EmbeddedKafka} (a broker per
 * context), for the same small Boot application ({@link StartupApplication}), in one run. The first context of a
 * JVM pays for the JVM's warm-up, so every repetition runs each kind in a fresh child JVM ({@link StartupProbe}),
 * the kinds alternating which goes first; the report gives medians and the ratio ours ÷ theirs. Progress goes to
 * stderr, the Markdown table to stdout. See {@code docs/testing.md}.
 *
 * <pre>mvn -B -q -pl karrot-kafka-benchmarks -am package -DskipTests -Pbenchmark -Dbenchmark.main=TestStartupBenchmark</pre>
 */
public final class TestStartupBenchmark {

    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(3);

    private TestStartupBenchmark() {
    }

    public static void main(String[] args) {
        // no broker in this JVM: BenchmarkMain only stops the shared one when this gives no bootstrap servers
        BenchmarkMain.run(args, TestStartupOptions::parse, options -> "none",
                (options, progress) -> run(options, progress));
    }

    static TestStartupReport run(TestStartupOptions options, Consumer<String> progress) throws Exception {
        String context = context(options);
        progress.accept(context);
        List<Probe> karrot = new ArrayList<>();
        List<Probe> embedded = new ArrayList<>();
        for (int i = 0; i < options.repetitions(); i++) {
            List<String> order = (i % 2 == 0) ? List.of("karrot", "embedded") : List.of("embedded", "karrot");
            for (String kind : order) {
                Probe probe = probe(kind, options);
                progress.accept(String.format(Locale.ROOT, "repetition %d, %s: %s", i + 1, kind, probe));
                (kind.equals("karrot") ? karrot : embedded).add(probe);
            }
        }
        return new TestStartupReport(context, karrot, embedded, String.format(Locale.ROOT,
                "Load average (1 min) at the end: %.2f.", loadAverage()));
    }

    /**
     * One child JVM's figures, in milliseconds.
     * @param firstLoad loading the first class's application context (the broker's start included where it starts)
     * @param firstReady from the JVM's start until the first context was ready
     * @param firstDone from the JVM's start until the first class's record made the round trip
     * @param secondLoad loading the second class's context, in the same JVM
     * @param secondDone from the start of that load until the second class's record made the round trip
     * @param wall the child JVM's whole life, as the parent saw it
     */
    record Probe(long firstLoad, long firstReady, long firstDone, long secondLoad, long secondDone, long wall) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "first context %d ms (ready %d ms, round trip %d ms after JVM start), "
                    + "second %d ms (round trip %d ms), JVM %d ms", this.firstLoad, this.firstReady, this.firstDone,
                    this.secondLoad, this.secondDone, this.wall);
        }
    }

    private static Probe probe(String kind, TestStartupOptions options) throws IOException, InterruptedException {
        Path log = Files.createTempFile("karrot-startup-" + kind + "-", ".log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + options.childHeapMegabytes() + "m", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), StartupProbe.class.getName(), kind);
        long start = System.nanoTime();
        Process child = new ProcessBuilder(command).redirectError(log.toFile()).start();
        List<long[]> timings = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(StartupProbe.PREFIX + " ")) {
                    String[] fields = line.split(" ");
                    timings.add(new long[] { Long.parseLong(fields[2]), Long.parseLong(fields[3]),
                            Long.parseLong(fields[4]) });
                }
            }
        }
        if (!child.waitFor(CHILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            child.destroyForcibly();
            throw new IllegalStateException(kind + " probe did not finish within " + CHILD_TIMEOUT + "; its log: " + log);
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        if (child.exitValue() != 0 || timings.size() != 2) {
            throw new IllegalStateException(kind + " probe failed (exit " + child.exitValue() + "); its log: " + log);
        }
        Files.delete(log);
        long[] first = timings.get(0);
        long[] second = timings.get(1);
        return new Probe(first[0], first[1], first[2], second[0], second[2] - (second[1] - second[0]), wall);
    }

    private static String context(TestStartupOptions options) {
        return String.format(Locale.ROOT, "Test start-up benchmark, %s. The same Spring Boot application (our and "
                + "Boot's auto-configuration, a KafkaTemplate, one @KafkaListener) started by a first and a second "
                + "@SpringBootTest class with another topic, once with @KarrotKafkaTest and once with @EmbeddedKafka, "
                + "each kind in %d fresh JVMs (JUnit Platform launcher, %d MiB heap), alternating which goes first. "
                + "Machine: %d CPUs, Java %s, load average (1 min) at the start %.2f.",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                options.repetitions(), options.childHeapMegabytes(), Runtime.getRuntime().availableProcessors(),
                Runtime.version(), loadAverage());
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
