package com.karrot.kafka.benchmarks;

/**
 * What one serde benchmark run does, from the command line. Every option has a default, so that a bare run is the
 * documented one.
 *
 * @param records distinct records each pass serialises or deserialises
 * @param warmups unmeasured passes of every case before the measured ones
 * @param iterations measured passes of every case
 */
record SerdeBenchmarkOptions(int records, int warmups, int iterations) {

    static final String USAGE = """
            SerdeBenchmark [options]
              --records N                  distinct records per pass (default 20000)
              --warmups N                  unmeasured passes of every case (default 20)
              --iterations N               measured passes of every case (default 40)
            """;

    static SerdeBenchmarkOptions parse(String... args) {
        CommandLine line = CommandLine.parse(args, USAGE, "--records", "--warmups", "--iterations");
        return new SerdeBenchmarkOptions(line.positive("--records", 20_000), line.positive("--warmups", 20),
                line.positive("--iterations", 40));
    }
}
