package com.karrot.kafka.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.karrot.kafka.benchmarks.ListenerPhase.Listener;
import org.apache.kafka.common.utils.AppInfoParser;

import org.springframework.boot.SpringBootVersion;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Measures {@code @KarrotEventListener} against a bare Spring Kafka {@code @KafkaListener} in one run: the same
 * records, written once, read from the beginning by each listener in a consumer group of its own, then by an
 * idempotent {@code @KarrotEventListener} with its inbox on a real database, once per inbox mode (a transaction per
 * record, then one per poll). Prints a Markdown table; progress
 * goes to stderr, the table to stdout. See {@code docs/performance.md}.
 *
 * <pre>mvn -B -q -pl karrot-kafka-benchmarks -am package -DskipTests -Pbenchmark -Dbenchmark.main=ListenerBenchmark</pre>
 */
public final class ListenerBenchmark {

    private ListenerBenchmark() {
    }

    public static void main(String[] args) {
        BenchmarkMain.run(args, ListenerBenchmarkOptions::parse, ListenerBenchmarkOptions::bootstrapServers,
                (options, progress) -> run(options, progress));
    }

    static ListenerBenchmarkReport run(ListenerBenchmarkOptions options, Consumer<String> progress) throws InterruptedException {
        progress.accept("Opening the broker ...");
        Map<String, Object> inboxDatabase = inboxDatabase(options);
        try (BenchmarkKafka kafka = BenchmarkKafka.connect(options.bootstrapServers(), options.partitions(), Map.of())) {
            String context = context(options, kafka);
            progress.accept(context);
            String topic = kafka.createTopic("listener");
            String inboxTopic = kafka.createTopic("listener-inbox");
            EventTopicWriter writer = new EventTopicWriter(kafka, new ItemSoldEvents());
            progress.accept(String.format(Locale.ROOT, "Writing %,d records to %s ...", options.events(), topic));
            progress.accept("  took " + seconds(writer.write(topic, options.events())));
            progress.accept(String.format(Locale.ROOT, "Writing the first %,d of them to %s ...", options.inboxEvents(),
                    inboxTopic));
            progress.accept("  took " + seconds(writer.write(inboxTopic, options.inboxEvents())));

            ListenerPhase phase = new ListenerPhase(kafka, options.concurrency(), options.stallTimeout(), inboxDatabase);
            List<Listener> order = options.karrotFirst() ? List.of(Listener.KARROT, Listener.BARE)
                    : List.of(Listener.BARE, Listener.KARROT);
            if (options.warmup()) {
                // after a warm-up of 100,000 records, the listener measured first, whichever it was, still used more CPU
                // per record (24 to 61 %) while the JIT compiled the code both use
                progress.accept("Warm-up (not measured): the bare and the Karrot listener read " + topic + " ...");
                for (Listener listener : order) {
                    report(progress, "  warm-up", phase.run(listener, topic, group(topic, "warmup", listener),
                            options.events()));
                }
                // the batched inbox reads its records in a few seconds, of which the JIT compiling its path (the
                // store's multi-row insert, the driver binding thousands of parameters) took a large part; the
                // per-record inbox runs for a minute and more, which amortises its own
                progress.accept("Warm-up (not measured): the batched inbox reads " + inboxTopic + " ...");
                report(progress, "  warm-up", phase.run(Listener.INBOX_BATCH, inboxTopic, group(inboxTopic, "warmup",
                        Listener.INBOX_BATCH), options.inboxEvents()));
            }
            Map<Listener, ListenerPhase.Result> measured = new EnumMap<>(Listener.class);
            for (Listener listener : order) {
                String step = (measured.size() + 1) + "/4";
                progress.accept(step + " " + listener.description() + " reads " + topic + " ...");
                measured.put(listener, phase.run(listener, topic, group(topic, "measured", listener), options.events()));
                report(progress, step, measured.get(listener));
            }
            for (Listener listener : List.of(Listener.INBOX, Listener.INBOX_BATCH)) {
                String step = (measured.size() + 1) + "/4";
                progress.accept(step + " " + listener.description() + " reads " + inboxTopic + " ...");
                measured.put(listener, phase.run(listener, inboxTopic, group(inboxTopic, "measured", listener),
                        options.inboxEvents()));
                report(progress, step, measured.get(listener));
            }
            String closing = String.format(Locale.ROOT, "System load average (1 min) at the end: %.2f.", loadAverage());
            return new ListenerBenchmarkReport(context, measured.get(Listener.BARE), measured.get(Listener.KARROT),
                    measured.get(Listener.INBOX), measured.get(Listener.INBOX_BATCH), closing);
        }
    }

    /** The {@code spring.datasource.*} properties of the inbox phase; on PostgreSQL, its schema is created. */
    private static Map<String, Object> inboxDatabase(ListenerBenchmarkOptions options) {
        return switch (options.database()) {
            case POSTGRESQL -> {
                BenchmarkDatabase.createSchema(options.postgresUrl(), options.postgresSchema());
                yield Map.of("spring.datasource.url", options.postgresUrl(), "spring.datasource.hikari.schema",
                        options.postgresSchema());
            }
            case H2, H2_FILE -> Map.of("spring.datasource.url", "jdbc:h2:mem:karrot-listener-bench;DB_CLOSE_DELAY=-1");
        };
    }

    /** A consumer group of its own for each reading of a topic, so that each starts from the beginning. */
    private static String group(String topic, String purpose, Listener listener) {
        return topic + "-" + purpose + "-" + listener.name().toLowerCase(Locale.ROOT);
    }

    private static void report(Consumer<String> progress, String step, ListenerPhase.Result result) {
        HandledEvents.Tally handled = result.handled();
        progress.accept(String.format(Locale.ROOT, "%s %s: %s; handled %,d of %,d, %,d calls", step,
                result.listener().description(), result.elapsed() == null ? "did not finish"
                        : String.format(Locale.ROOT, "%,.0f events/s (%s)", result.rate(), seconds(result.elapsed())),
                handled.distinct(), handled.expected(), handled.total()));
    }

    private static String context(ListenerBenchmarkOptions options, BenchmarkKafka kafka) {
        Runtime runtime = Runtime.getRuntime();
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
        return String.format(Locale.ROOT, "Listener benchmark, %s. Broker: %s, %d partitions per topic. "
                + "Records: %,d ItemSold events (%d-byte JSON value, 8 CloudEvents headers, key = item id of %,d), "
                + "the inbox topic the first %,d of them. Order: %s, then the inbox per record, then batched. Every listener: concurrency %d, "
                + "consumer settings of Spring Boot's defaults, auto-configured with metrics (simple registry). "
                + "Versions: Spring Boot %s, Spring Kafka %s, kafka-clients %s, Java %s. Machine: %d CPUs, %.0f GiB, "
                + "max heap %d MiB, load average (1 min) at the start %.2f.",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                kafka.description(), options.partitions(), options.events(), new ItemSoldEvents().payload(0).length,
                ItemSoldEvents.AGGREGATES, options.inboxEvents(),
                options.karrotFirst() ? "Karrot, then bare" : "bare, then Karrot", options.concurrency(), SpringBootVersion.getVersion(),
                KafkaListenerEndpointRegistry.class.getPackage().getImplementationVersion(), AppInfoParser.getVersion(),
                Runtime.version(), runtime.availableProcessors(), memory / (1024.0 * 1024 * 1024),
                runtime.maxMemory() / (1024 * 1024), loadAverage());
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f s", duration.toNanos() / 1e9);
    }

    /** Other processes on the machine are the largest source of noise: the report shows how busy it was. */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
