package com.karrot.kafka.benchmarks;

import org.jspecify.annotations.Nullable;

/**
 * What one lag benchmark run does, from the command line. Every option has a default, so that a bare run is the
 * documented one: 200 groups with 50 partitions each on the in-process broker.
 *
 * @param bootstrapServers an external broker, or {@code null} for the shared in-process one
 * @param groups consumer groups, each with offsets committed on every partition of one topic
 * @param partitions partitions of each topic, so of each group
 * @param topics topics the groups are spread over
 * @param records records written to each partition before the groups commit
 * @param refreshes refreshes measured per approach, after one unmeasured
 */
record LagBenchmarkOptions(@Nullable String bootstrapServers, int groups, int partitions, int topics, int records,
        int refreshes) {

    static final String USAGE = """
            LagBenchmark [options]
              --bootstrap-servers HOSTS    an external broker (default: the in-process KRaft broker)
              --groups N                   consumer groups (default 200)
              --partitions N               partitions per topic, so per group (default 50)
              --topics N                   topics the groups are spread over (default 5)
              --records N                  records per partition (default 20)
              --refreshes N                measured refreshes per approach (default 3)
            """;

    static LagBenchmarkOptions parse(String... args) {
        CommandLine line = CommandLine.parse(args, USAGE, "--bootstrap-servers", "--groups", "--partitions", "--topics",
                "--records", "--refreshes");
        return new LagBenchmarkOptions(line.text("--bootstrap-servers"), line.positive("--groups", 200),
                line.positive("--partitions", 50), line.positive("--topics", 5), line.positive("--records", 20),
                line.positive("--refreshes", 3));
    }
}
