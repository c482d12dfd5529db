package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What one listener benchmark run does, from the command line. Every option has a default, so that a bare run
 * is the documented one: 1,000,000 records, the inbox on PostgreSQL, the in-process broker.
 *
 * @param database where the inbox lives
 * @param postgresUrl the PostgreSQL JDBC URL
 * @param postgresSchema the schema the benchmark creates and uses, so it does not touch the tests' tables
 * @param bootstrapServers an external broker, or {@code null} for the shared in-process one
 * @param partitions partitions of each topic the benchmark creates
 * @param events records consumed by the bare and the Karrot listener
 * @param inboxEvents records consumed by each idempotent listener, per record and batched
 * @param concurrency consumer threads of every listener
 * @param warmup whether the bare and the Karrot listener first read the topic once, unmeasured
 * @param karrotFirst whether the Karrot listener reads the topic before the bare one, to see what the order does
 * @param stallTimeout how long a phase may go without handling a new record before it is given up
 */
record ListenerBenchmarkOptions(BenchmarkOptions.Database database, String postgresUrl, String postgresSchema,
        @Nullable String bootstrapServers, int partitions, int events, int inboxEvents, int concurrency, boolean warmup,
        boolean karrotFirst, Duration stallTimeout) {

    static final String USAGE = """
            ListenerBenchmark [options]
              --db postgresql|h2           inbox database (default postgresql; URL from $KARROT_BENCH_POSTGRES_URL,
                                           else jdbc:postgresql://127.0.0.1:5432/test?user=postgres)
              --postgres-url URL           PostgreSQL JDBC URL, overrides the environment
              --schema NAME                PostgreSQL schema to create and use (default karrot_bench)
              --bootstrap-servers HOSTS    an external broker (default: the in-process KRaft broker)
              --partitions N               partitions per topic (default 3)
              --events N                   records of the bare and the Karrot listener (default 1000000)
              --inbox-events N             records of each idempotent listener, per record and batched (default 100000)
              --concurrency N              consumer threads of every listener (default 3)
              --no-warmup                  measure without a first, unmeasured reading of the topic by both
              --karrot-first               the Karrot listener reads the topic before the bare one (default after)
              --stall-seconds N            give a phase up after N s without a new record (default 60)
            """;

    static ListenerBenchmarkOptions parse(String... args) {
        String envUrl = System.getenv(BenchmarkOptions.POSTGRES_URL_ENV);
        BenchmarkOptions.Database database = BenchmarkOptions.Database.POSTGRESQL;
        String url = envUrl != null && !envUrl.isBlank() ? envUrl : BenchmarkOptions.DEFAULT_POSTGRES_URL;
        String schema = "karrot_bench";
        String servers = null;
        int partitions = 3, events = 1_000_000, inboxEvents = 100_000, concurrency = 3, stall = 60;
        boolean warmup = true, karrotFirst = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (name.equals("--no-warmup") || name.equals("--karrot-first")) {
                warmup &= !name.equals("--no-warmup");
                karrotFirst |= name.equals("--karrot-first");
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name + "\n" + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--db" -> database = database(value);
                case "--postgres-url" -> url = value;
                case "--schema" -> schema = value;
                case "--bootstrap-servers" -> servers = value;
                case "--partitions" -> partitions = positive(name, value);
                case "--events" -> events = positive(name, value);
                case "--inbox-events" -> inboxEvents = positive(name, value);
                case "--concurrency" -> concurrency = positive(name, value);
                case "--stall-seconds" -> stall = positive(name, value);
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        return new ListenerBenchmarkOptions(database, url, schema, servers, partitions, events, inboxEvents, concurrency,
                warmup, karrotFirst, Duration.ofSeconds(stall));
    }

    private static BenchmarkOptions.Database database(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "postgresql" -> BenchmarkOptions.Database.POSTGRESQL;
            case "h2" -> BenchmarkOptions.Database.H2;
            default -> throw new IllegalArgumentException("--db takes postgresql or h2, was '" + value + "'\n" + USAGE);
        };
    }

    private static int positive(String name, String value) {
        return CommandLine.positive(name, value, USAGE);
    }
}
