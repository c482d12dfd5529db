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
        int records = 20_000, warmups = 20, iterations = 40;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name + "\n" + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--records" -> records = BenchmarkMain.positive(name, value, USAGE);
                case "--warmups" -> warmups = BenchmarkMain.positive(name, value, USAGE);
                case "--iterations" -> iterations = BenchmarkMain.positive(name, value, USAGE);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        return new SerdeBenchmarkOptions(records, warmups, iterations);
    }
}
