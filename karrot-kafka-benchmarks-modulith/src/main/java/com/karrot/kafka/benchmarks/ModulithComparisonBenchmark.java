package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.karrot.kafka.test.ExternalKafkaBroker;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox beside Spring Modulith's event externalization, in one run, on the same PostgreSQL database and the
 * same broker (by default one in its own JVM, warmed up first, as production runs it). Each side is a Spring Boot
 * application publishing the same event, one per transaction, the way a service does: Karrot through
 * {@code KarrotEventPublisher} (the outbox table, the relay), Spring Modulith through {@code ApplicationEventPublisher}
 * with {@code @Externalized} (its JDBC event publication registry, completed events deleted, and its Kafka
 * externalizer over Spring Kafka's {@code KafkaTemplate}). Measured from the moment the publishing transaction
 * committed to the broker's acknowledgement of the event: the rate of a burst from several threads, and the latency
 * at a fixed offered rate. The sides alternate which goes first, round by round.
 */
public final class ModulithComparisonBenchmark {

    static final String USAGE = """
            Usage: ModulithComparisonBenchmark [options]
              --events N             events of the burst, per side and round (default 20000)
              --threads N            publishing threads of the burst (default 4)
              --rate N               offered events/s of the latency phase (default 1000)
              --seconds N            length of the latency phase (default 20)
              --rounds N             rounds, each running both sides (default 2)
              --postgres-url URL     PostgreSQL (default $KARROT_BENCH_POSTGRES_URL, else
                                     jdbc:postgresql://127.0.0.1:5432/test?user=postgres)
              --bootstrap-servers H  a running broker (default: start one in its own JVM)
            """;

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(120);

    private ModulithComparisonBenchmark() {
    }

    /**
     * Runs the comparison and prints the report.
     * @param args the options, see the usage
     */
    public static void main(String[] args) {
        BenchmarkMain.run(args, Options::parse, options -> "external", ModulithComparisonBenchmark::run);
    }

    static ModulithComparisonReport run(Options options, Consumer<String> progress) throws Exception {
        ExternalKafkaBroker broker = null;
        String servers = options.bootstrapServers();
        if (servers == null) {
            progress.accept("starting a broker in its own JVM");
            broker = ExternalKafkaBroker.start();
            servers = broker.bootstrapServers();
        }
        try {
            List<Result> results = new ArrayList<>();
            for (int round = 1; round <= options.rounds(); round++) {
                List<Side> order = round % 2 == 1 ? List.of(Side.KARROT, Side.MODULITH) : List.of(Side.MODULITH, Side.KARROT);
                for (Side side : order) {
                    progress.accept("round " + round + ": " + side.label);
                    results.add(measure(side, round, servers, options, progress));
                }
            }
            return new ModulithComparisonReport(results, options, servers, broker != null);
        }
        finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static Result measure(Side side, int round, String servers, Options options, Consumer<String> progress)
            throws Exception {
        String topic = "bench-" + side.name().toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(side.application)
            .web(WebApplicationType.NONE)
            .logStartupInfo(false)
            .properties(ComparisonApplications.properties(side == Side.KARROT, servers, options.postgresUrl(), topic))
            .run()) {
            ComparisonApplications.Recorder recorder = context.getBean(ComparisonApplications.Recorder.class);
            ComparisonApplications.SalePublisher publisher = context.getBean(ComparisonApplications.SalePublisher.class);
            emptyTables(context.getBean(JdbcTemplate.class));
            progress.accept("  warm-up");
            burst(publisher, recorder, 2_000, options.threads());
            progress.accept("  burst of " + options.events());
            Burst burst = burst(publisher, recorder, options.events(), options.threads());
            progress.accept("  " + options.rate() + " events/s for " + options.seconds() + " s");
            Latencies latencies = paced(publisher, recorder, options.rate(), options.seconds());
            return new Result(side, round, burst, latencies);
        }
    }

    private static void emptyTables(JdbcTemplate jdbc) {
        for (String table : List.of("karrot_outbox", "event_publication")) {
            try {
                jdbc.update("DELETE FROM " + table);
            }
            catch (RuntimeException ex) {
                // the table of the other side, not there on a fresh database
            }
        }
    }

    /** Publishes as fast as the threads can, one event per transaction, and waits for every acknowledgement. */
    private static Burst burst(ComparisonApplications.SalePublisher publisher, ComparisonApplications.Recorder recorder,
            int events, int threads) throws Exception {
        recorder.reset();
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    while (next.getAndIncrement() < events) {
                        publisher.publish();
                    }
                }));
            }
            for (Future<?> future : running) {
                future.get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
        long committed = System.nanoTime();
        recorder.awaitAcks(events, ACK_TIMEOUT);
        long acked = recorder.lastAckNanos();
        return new Burst(events, Duration.ofNanos(committed - started), Duration.ofNanos(acked - started));
    }

    /** Publishes at a fixed rate from one scheduler thread; returns the commit-to-ack latencies. */
    private static Latencies paced(ComparisonApplications.SalePublisher publisher,
            ComparisonApplications.Recorder recorder, int rate, int seconds) throws Exception {
        recorder.reset();
        int events = rate * seconds;
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            publisher.publish();
        }
        recorder.awaitAcks(events, ACK_TIMEOUT);
        return Latencies.of(recorder.latenciesMicros());
    }

    enum Side {

        KARROT("Karrot outbox", ComparisonApplications.KarrotApplication.class),

        MODULITH("Spring Modulith", ComparisonApplications.ModulithApplication.class);

        final String label;

        final Class<?> application;

        Side(String label, Class<?> application) {
            this.label = label;
            this.application = application;
        }
    }

    record Burst(int events, Duration committing, Duration acknowledging) {
    }

    record Result(Side side, int round, Burst burst, Latencies latencies) {
    }

    record Options(int events, int threads, int rate, int seconds, int rounds, String postgresUrl,
            @Nullable String bootstrapServers) {

        static Options parse(String[] args) {
            CommandLine line = CommandLine.parse(args, USAGE, "--events", "--threads", "--rate", "--seconds", "--rounds",
                    "--postgres-url", "--bootstrap-servers");
            String url = line.text("--postgres-url");
            if (url == null) {
                url = System.getenv().getOrDefault(BenchmarkOptions.POSTGRES_URL_ENV, BenchmarkOptions.DEFAULT_POSTGRES_URL);
            }
            return new Options(line.positive("--events", 20_000), line.positive("--threads", 4),
                    line.positive("--rate", 1_000), line.positive("--seconds", 20), line.positive("--rounds", 2), url,
                    line.text("--bootstrap-servers"));
        }
    }
}
