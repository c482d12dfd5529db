package com.karrot.kafka.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import com.karrot.kafka.benchmarks.StreamsPhase.Application;
import com.karrot.kafka.test.ExternalKafkaBroker;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.streams.StreamsConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootVersion;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Measures a Kafka Streams topology run by the starter's auto-configuration against the same topology run by a
 * plain {@code KafkaStreams} with the same configuration, in one run on one broker: the same input events, written
 * once, read from the beginning by each run under an application id of its own. Rounds alternate which runs first.
 * Prints a Markdown table; progress goes to stderr, the table to stdout. See {@code docs/performance.md}.
 *
 * <pre>mvn -B -q -pl karrot-kafka-benchmarks -am package -DskipTests -Pbenchmark -Dbenchmark.main=StreamsBenchmark</pre>
 */
public final class StreamsBenchmark {

    private StreamsBenchmark() {
    }

    public static void main(String[] args) {
        BenchmarkMain.run(args, StreamsBenchmarkOptions::parse, (options, progress) -> run(options, progress));
    }

    static StreamsBenchmarkReport run(StreamsBenchmarkOptions options, Consumer<String> progress) {
        @Nullable ExternalKafkaBroker broker = null;
        String servers = options.bootstrapServers();
        String brokerDescription = "external broker " + servers;
        if (servers == null) {
            progress.accept("Starting a one-node KRaft broker in a JVM of its own ...");
            broker = ExternalKafkaBroker.start();
            servers = broker.bootstrapServers();
            brokerDescription = "one-node KRaft broker in a JVM of its own (karrot-kafka-test ExternalKafkaBroker, "
                    + servers + ")";
        }
        try (BenchmarkKafka kafka = BenchmarkKafka.connect(servers, options.partitions(), Map.of())) {
            String context = context(options, brokerDescription);
            progress.accept(context);
            String input = write(kafka, "streams-in", options.events(), progress);
            String warmupInput = write(kafka, "streams-warmup", options.warmupEvents(), progress);
            StreamsPhase phase = new StreamsPhase(kafka, input, options.events(), options.threads(),
                    options.stallTimeout());
            String configuration = configuration(phase.effectiveConfiguration(input + "-probe", input + "-probe-out"));
            progress.accept(configuration);
            // the first run of a JVM took several times as long as the next one, while the JIT compiled the
            // Streams and serde code both applications run
            StreamsPhase warmup = new StreamsPhase(kafka, warmupInput, options.warmupEvents(), options.threads(),
                    options.stallTimeout());
            for (Application application : Application.values()) {
                String output = kafka.createTopic("streams-warmup-out-" + application.name().toLowerCase(Locale.ROOT));
                progress.accept("Warm-up (not measured): " + application.description() + " reads " + warmupInput
                        + " ...");
                progress.accept("  " + describe(warmup.run(application, output + "-app", output)));
            }
            List<StreamsBenchmarkReport.Round> rounds = new ArrayList<>();
            for (int number = 1; number <= options.rounds(); number++) {
                boolean plainFirst = number % 2 == 1;
                Map<Application, StreamsPhase.Result> results = new EnumMap<>(Application.class);
                for (Application application : plainFirst ? List.of(Application.PLAIN, Application.KARROT)
                        : List.of(Application.KARROT, Application.PLAIN)) {
                    String output = kafka.createTopic("streams-out-" + number + "-"
                            + application.name().toLowerCase(Locale.ROOT));
                    progress.accept("Round " + number + ": " + application.description() + " ...");
                    StreamsPhase.Result result = phase.run(application, output + "-app", output);
                    progress.accept("  " + describe(result));
                    results.put(application, result);
                }
                rounds.add(new StreamsBenchmarkReport.Round(number, results.get(Application.PLAIN),
                        results.get(Application.KARROT), plainFirst));
            }
            String closing = String.format(Locale.ROOT, "System load average (1 min) at the end: %.2f.", loadAverage());
            return new StreamsBenchmarkReport(context, configuration, rounds, closing);
        }
        finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static String write(BenchmarkKafka kafka, String prefix, int events, Consumer<String> progress) {
        String topic = kafka.createTopic(prefix);
        progress.accept(String.format(Locale.ROOT, "Writing %,d records to %s ...", events, topic));
        progress.accept("  took " + seconds(new EventTopicWriter(kafka, new ItemSoldEvents()).write(topic, events)));
        return topic;
    }

    private static String describe(StreamsPhase.Result result) {
        Duration elapsed = result.elapsed();
        return elapsed == null ? String.format(Locale.ROOT, "did not finish: %,d of %,d counted", result.counted(),
                result.events())
                : String.format(Locale.ROOT, "%,.0f events/s (%s, %.1f µs CPU per event)", result.rate(),
                        seconds(elapsed), result.cpuMicrosPerEvent());
    }

    /** The settings that decide the throughput, as both applications run with them. */
    private static String configuration(Properties effective) {
        StreamsConfig config = new StreamsConfig(effective);
        return String.format(Locale.ROOT, "Both applications run with the effective Streams configuration of the "
                + "auto-configured one, read from its `StreamsBuilderFactoryBean` (nothing removed; only the "
                + "application id differs per run): processing.guarantee=%s, num.stream.threads=%d, "
                + "commit.interval.ms=%d, statestore.cache.max.bytes=%d, exception handlers %s, %s and %s (the "
                + "starter's, sending bad records to dead-letter topics). Serdes: `KarrotSerdes` (JSON) in both, "
                + "the plain one built by hand.",
                config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG),
                config.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG),
                config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG),
                config.getLong(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG),
                simpleName(config, StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG),
                simpleName(config, StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG),
                simpleName(config, StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG));
    }

    private static String simpleName(StreamsConfig config, String key) {
        Class<?> type = config.getClass(key);
        return type == null ? "none" : "`" + type.getSimpleName() + "`";
    }

    private static String context(StreamsBenchmarkOptions options, String broker) {
        Runtime runtime = Runtime.getRuntime();
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
        return String.format(Locale.ROOT, "Kafka Streams benchmark, %s. Broker: %s. Input: %,d ItemSold events "
                + "(%d-byte JSON value, 8 CloudEvents headers, key = item id of %,d) in %d partitions. Topology: "
                + "filter ITEM_SOLD, group by region (%d regions, through a repartition topic), count and sum the "
                + "price in a state store, write every change as a SALES_COUNTED event. Each run: a fresh application "
                + "id, from the earliest offset, timed from creating and starting its KafkaStreams to reading the "
                + "totals of every input event on its output topic (read_committed). First each application read a "
                + "warm-up topic of %,d events once, unmeasured; then %d rounds, the plain run first in odd rounds. Versions: Spring Boot %s, Spring Kafka %s, Kafka Streams %s, Java %s. Machine: %d "
                + "CPUs, %.0f GiB, max heap %d MiB, load average (1 min) at the start %.2f.",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                broker, options.events(), new ItemSoldEvents().payload(0).length, ItemSoldEvents.AGGREGATES,
                options.partitions(), ItemSoldEvents.REGIONS.length, options.warmupEvents(), options.rounds(), SpringBootVersion.getVersion(),
                StreamsBuilderFactoryBean.class.getPackage().getImplementationVersion(), AppInfoParser.getVersion(),
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
