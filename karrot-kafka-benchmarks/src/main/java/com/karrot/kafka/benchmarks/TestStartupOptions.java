package com.karrot.kafka.benchmarks;

/**
 * What one start-up benchmark run does, from the command line. Every option has a default, so that a bare run is
 * the documented one.
 *
 * @param repetitions fresh JVMs per kind of test; the kinds alternate which goes first
 * @param childHeapMegabytes the maximum heap of each child JVM
 */
record TestStartupOptions(int repetitions, int childHeapMegabytes) {

    static final String USAGE = """
            TestStartupBenchmark [options]
              --repetitions N              fresh JVMs per kind of test, @KarrotKafkaTest and @EmbeddedKafka (default 5)
              --child-heap-mb N            maximum heap of each child JVM (default 1024)
            """;

    static TestStartupOptions parse(String... args) {
        CommandLine line = CommandLine.parse(args, USAGE, "--repetitions", "--child-heap-mb");
        return new TestStartupOptions(line.positive("--repetitions", 5), line.positive("--child-heap-mb", 1024));
    }
}
