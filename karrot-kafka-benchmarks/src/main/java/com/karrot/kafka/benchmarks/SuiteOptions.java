package com.karrot.kafka.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one {@link BenchmarkSuite} run does, from its command line. A bad option throws an
 * {@link IllegalArgumentException} with the reason and the usage.
 *
 * @param benchmarks the benchmarks to run, in the suite's order
 * @param quick whether to run each at the toy scale of its integration test
 * @param args extra options of each benchmark, after its toy-scale ones, so that they win
 * @param jvmArgs the options of every benchmark's JVM
 * @param karrotClasspath the class path of the Karrot benchmarks, without Spring Modulith
 * @param modulithClasspath the class path of the Spring Modulith comparison
 * @param output where each benchmark writes its report and summary, and the suite its own
 * @param timeout how long one benchmark may run before it is stopped and counted as failed
 */
record SuiteOptions(List<SuiteBenchmark> benchmarks, boolean quick, Map<SuiteBenchmark, List<String>> args,
        List<String> jvmArgs, String karrotClasspath, String modulithClasspath, Path output, Duration timeout) {

    static final String USAGE = """
            Usage: BenchmarkSuite [options]
              --only NAMES               comma-separated, of outbox, listener, lag, serde, streams, startup, modulith
                                         (default: all, in that order)
              --quick                    every benchmark at the toy scale of its integration test: checks that the
                                         suite runs, its figures say nothing
              --NAME-args "OPTIONS"      options of one benchmark, e.g. --outbox-args "--db h2" (see its usage);
                                         after --quick's, so they win
              --jvm-args "OPTIONS"       options of every benchmark's JVM (default -Xms1g -Xmx2g)
              --karrot-classpath CP      class path of the Karrot benchmarks (default: this JVM's); an entry @FILE
                                         stands for the class path written in FILE
              --modulith-classpath CP    class path of the Spring Modulith comparison (default: this JVM's)
              --output DIR               where the reports go (default: karrot-benchmark-suite in java.io.tmpdir)
              --timeout-minutes N        stop a benchmark that runs longer and count it as failed (default 30)
            """;

    static SuiteOptions parse(String... args) {
        Set<SuiteBenchmark> only = new LinkedHashSet<>(List.of(SuiteBenchmark.values()));
        boolean quick = false;
        Map<SuiteBenchmark, List<String>> extra = new EnumMap<>(SuiteBenchmark.class);
        String jvmArgs = "-Xms1g -Xmx2g";
        String ownClasspath = System.getProperty("java.class.path");
        String karrot = ownClasspath;
        String modulith = ownClasspath;
        Path output = Path.of(System.getProperty("java.io.tmpdir"), "karrot-benchmark-suite");
        int timeout = 30;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (name.equals("--quick")) {
                quick = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name + "\n" + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--only" -> only = only(value);
                case "--jvm-args" -> jvmArgs = value;
                case "--karrot-classpath" -> karrot = value;
                case "--modulith-classpath" -> modulith = value;
                case "--output" -> output = Path.of(value);
                case "--timeout-minutes" -> timeout = CommandLine.positive(name, value, USAGE);
                default -> {
                    if (!name.startsWith("--") || !name.endsWith("-args")) {
                        throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
                    }
                    SuiteBenchmark benchmark = SuiteBenchmark.of(name.substring(2, name.length() - "-args".length()));
                    extra.put(benchmark, SuiteBenchmark.words(value));
                }
            }
        }
        return new SuiteOptions(List.copyOf(only), quick, extra, SuiteBenchmark.words(jvmArgs), karrot, modulith,
                output, Duration.ofMinutes(timeout));
    }

    /** The program arguments of one benchmark: its toy scale when quick, then what the command line gave it. */
    List<String> argsOf(SuiteBenchmark benchmark) {
        List<String> all = new ArrayList<>(this.quick ? benchmark.quickArgs() : List.of());
        all.addAll(this.args.getOrDefault(benchmark, List.of()));
        return all;
    }

    /** The class path of one benchmark, its {@code @FILE} entries replaced by what the files hold. */
    String classpathOf(SuiteBenchmark benchmark) {
        return expand(benchmark == SuiteBenchmark.MODULITH ? this.modulithClasspath : this.karrotClasspath);
    }

    static String expand(String classpath) {
        List<String> entries = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.startsWith("@")) {
                try {
                    entries.add(Files.readString(Path.of(entry.substring(1)), StandardCharsets.UTF_8).strip());
                }
                catch (IOException ex) {
                    throw new UncheckedIOException("cannot read the class path file " + entry.substring(1), ex);
                }
            }
            else if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Set<SuiteBenchmark> only(String names) {
        Set<SuiteBenchmark> chosen = new LinkedHashSet<>();
        for (String name : names.split(",")) {
            chosen.add(SuiteBenchmark.of(name));
        }
        // the suite's order, whatever the command line's
        Set<SuiteBenchmark> ordered = new LinkedHashSet<>(List.of(SuiteBenchmark.values()));
        ordered.retainAll(chosen);
        return ordered;
    }
}
