package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one benchmark run does, from the command line. Every option has a default, so that a bare run is the
 * documented one: PostgreSQL, a broker in a JVM of its own, 100,000 events.
 *
 * @param database where the outbox lives
 * @param postgresUrl the PostgreSQL JDBC URL
 * @param postgresSchema the schema the benchmark creates and uses, so it does not touch the tests' tables
 * @param bootstrapServers a running broker, or {@code null} for one the benchmark starts
 * @param inProcessBroker whether the broker the benchmark starts is the test kit's shared in-process one, rather
 * than one in a JVM of its own (as production runs it: an in-process broker takes CPU from the relay's JVM)
 * @param partitions partitions of each topic the benchmark creates
 * @param events events of the drain and the bare producer
 * @param rounds rounds of drain and bare producer, in alternating order; the report gives the median ratio
 * @param eventsPerTransaction events per transaction when inserting the backlog
 * @param relayBatchSize the relay's batch size
 * @param warmupEvents events of each unmeasured warm-up pass before the first measurement; 0 for none
 * @param warmupPasses the most warm-up passes: they stop earlier once the JIT compilers of both JVMs are nearly idle
 * @param rate the target rate of the paced steady state, events per second
 * @param publishers publishing threads of both steady states
 * @param steadyDuration how long the paced steady state publishes
 * @param maxRateDuration how long the unpaced steady state publishes
 * @param insertTransactions business transactions of each kind in the insert-cost phase
 * @param waitingAggregates aggregates whose events of each drain's backlog wait for a retry an hour away, each with
 * its failure row as a failed batch leaves them, so that the relay reads past them; 0 for none
 * @param sampleRelay whether to sample the relay thread's stack during the drain (slows it a little)
 * @param avroDrain whether to run the drain a second time with the events as Avro, through the in-memory registry
 * @param producerOverrides producer settings applied to the relay's and the bare producer alike, for experiments
 */
record BenchmarkOptions(Database database, String postgresUrl, String postgresSchema, String bootstrapServers,
        boolean inProcessBroker, int partitions, int events, int rounds, int eventsPerTransaction, int relayBatchSize,
        int warmupEvents, int warmupPasses, int rate, int publishers, Duration steadyDuration, Duration maxRateDuration, int insertTransactions,
        int waitingAggregates, boolean sampleRelay, boolean avroDrain, Map<String, String> producerOverrides) {

    static final String POSTGRES_URL_ENV = "KARROT_BENCH_POSTGRES_URL";

    static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    static final String USAGE = """
            OutboxBenchmark [options]
              --db postgresql|h2|h2-file   outbox database (default postgresql; URL from $KARROT_BENCH_POSTGRES_URL,
                                           else jdbc:postgresql://127.0.0.1:5432/test?user=postgres)
              --postgres-url URL           PostgreSQL JDBC URL, overrides the environment
              --schema NAME                PostgreSQL schema to create and use (default karrot_bench)
              --bootstrap-servers HOSTS    a running broker (default: a one-node KRaft broker the benchmark
                                           starts in a JVM of its own)
              --broker external|in-process the broker the benchmark starts: in a JVM of its own (default) or
                                           the test kit's in-process one, in the benchmark's JVM
              --partitions N               partitions per topic (default 3)
              --events N                   drain backlog and bare-producer records (default 100000)
              --rounds N                   rounds of drain and bare producer, alternating which goes first
                                           (default 3); the table gives the median ratio
              --events-per-transaction N   backlog insert transaction size (default 1000)
              --relay-batch-size N         relay batch size (default 1000, the relay's default)
              --warmup-events N            events of each unmeasured warm-up pass: drain, send, inserts and
                                           a short paced steady state (default 10000; 0 for no warm-up)
              --warmup-passes N            the most warm-up passes (default 12); they end earlier once the JIT
                                           compilers of this JVM and the broker's took under 5 % of a core
              --rate N                     paced steady state, events/s (default 1000)
              --publishers N               publisher threads in the steady states (default 2)
              --steady-seconds N           paced steady state length (default 20)
              --max-rate-seconds N         unpaced steady state length (default 15)
              --insert-transactions N      transactions with and without publish (default 5000)
              --waiting-aggregates N       in each drain, the events of N aggregates wait for a retry an hour
                                           away, each with a failure row as a failed batch leaves them (the
                                           tables analyzed): the relay reads past them (default 0)
              --sample-relay               sample the relay thread during the drain and print where it was
              --avro-drain                 drain as Avro twice and as JSON again, in the order JSON, Avro,
                                           Avro, JSON (in-memory registry), and report both drain rates
              --producer KEY=VALUE         a producer setting for the relay and the bare producer alike
                                           (repeatable; for experiments, e.g. --producer batch.size=262144)
            """;

    /** The outbox database. */
    enum Database {
        POSTGRESQL, H2, H2_FILE
    }

    static BenchmarkOptions parse(String... args) {
        String envUrl = System.getenv(POSTGRES_URL_ENV);
        Database database = Database.POSTGRESQL;
        String url = envUrl != null && !envUrl.isBlank() ? envUrl : DEFAULT_POSTGRES_URL;
        String schema = "karrot_bench";
        String servers = null;
        boolean inProcess = false;
        int partitions = 3, events = 100_000, rounds = 3, perTransaction = 1_000, batch = 1_000, warmup = 10_000, warmupPasses = 12;
        int rate = 1_000;
        int publishers = 2, steady = 20, maxRate = 15, inserts = 5_000, waiting = 0;
        boolean sample = false;
        boolean avro = false;
        Map<String, String> producer = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (name.equals("--sample-relay")) {
                sample = true;
                continue;
            }
            if (name.equals("--avro-drain")) {
                avro = true;
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
                case "--broker" -> inProcess = inProcess(value);
                case "--partitions" -> partitions = number(name, value);
                case "--events" -> events = number(name, value);
                case "--rounds" -> rounds = number(name, value);
                case "--events-per-transaction" -> perTransaction = number(name, value);
                case "--relay-batch-size" -> batch = number(name, value);
                case "--warmup-events" -> warmup = number(name, value);
                case "--warmup-passes" -> warmupPasses = number(name, value);
                case "--rate" -> rate = number(name, value);
                case "--publishers" -> publishers = number(name, value);
                case "--steady-seconds" -> steady = number(name, value);
                case "--max-rate-seconds" -> maxRate = number(name, value);
                case "--insert-transactions" -> inserts = number(name, value);
                case "--waiting-aggregates" -> waiting = number(name, value);
                case "--producer" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--producer takes KEY=VALUE, was '" + value + "'\n" + USAGE);
                    }
                    producer.put(value.substring(0, eq), value.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
            }
        }
        return new BenchmarkOptions(database, url, schema, servers, inProcess, partitions, events, rounds, perTransaction,
                batch, warmup, warmupPasses, rate, publishers, Duration.ofSeconds(steady), Duration.ofSeconds(maxRate), inserts, waiting, sample,
                avro, Map.copyOf(producer));
    }

    private static Database database(String value) {
        try {
            return Database.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("--db takes postgresql, h2 or h2-file, was '" + value + "'\n" + USAGE, ex);
        }
    }

    private static boolean inProcess(String value) {
        return switch (value) {
            case "external" -> false;
            case "in-process" -> true;
            default -> throw new IllegalArgumentException("--broker takes external or in-process, was '" + value
                    + "'\n" + USAGE);
        };
    }

    /** Whether the run uses the shared in-process broker. */
    boolean usesSharedBroker() {
        return this.bootstrapServers == null && this.inProcessBroker;
    }

    private static int number(String name, String value) {
        try {
            int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (n < 0 || (n == 0 && !name.equals("--warmup-events") && !name.equals("--waiting-aggregates"))) {
                throw new IllegalArgumentException(name + " must be positive, was " + value + "\n" + USAGE);
            }
            return n;
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException(name + " takes a number, was '" + value + "'\n" + USAGE, ex);
        }
    }
}
