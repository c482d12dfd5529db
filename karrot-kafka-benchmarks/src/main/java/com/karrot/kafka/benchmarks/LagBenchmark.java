package com.karrot.kafka.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.karrot.kafka.lag.ConsumerLagReader;
import com.karrot.kafka.lag.GroupLag;
import com.karrot.kafka.lag.LagSettings;
import com.karrot.kafka.test.CountingAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * Measures {@link ConsumerLagReader} against the approach it replaces (one {@code listOffsets} call per partition of
 * each group) in one run on one broker: the same groups, the same committed offsets, the time of a refresh and the
 * round trips it makes. Prints a Markdown table; progress goes to stderr, the table to stdout. See
 * {@code docs/monitoring.md}.
 *
 * <pre>mvn -B -q -pl karrot-kafka-benchmarks -am package -DskipTests -Pbenchmark -Dbenchmark.main=LagBenchmark</pre>
 */
public final class LagBenchmark {

    private LagBenchmark() {
    }

    public static void main(String[] args) {
        BenchmarkMain.run(args, LagBenchmarkOptions::parse, LagBenchmarkOptions::bootstrapServers,
                (options, progress) -> run(options, progress));
    }

    static LagBenchmarkReport run(LagBenchmarkOptions options, Consumer<String> progress) throws Exception {
        progress.accept("Opening the broker ...");
        try (BenchmarkKafka kafka = BenchmarkKafka.connect(options.bootstrapServers(), options.partitions(), Map.of());
                Admin setup = kafka.newAdmin()) {
            String context = context(options, kafka);
            progress.accept(context);
            List<String> topics = new ArrayList<>();
            for (int t = 0; t < options.topics(); t++) {
                topics.add(kafka.createTopic("lag-" + t));
            }
            progress.accept(String.format(Locale.ROOT, "Writing %,d records to each of %,d partitions ...", options.records(),
                    options.topics() * options.partitions()));
            write(kafka, topics, options);
            String prefix = "karrot-bench-lag-" + UUID.randomUUID().toString().substring(0, 8);
            progress.accept(String.format(Locale.ROOT, "Committing offsets of %,d groups (%s-*) ...", options.groups(),
                    prefix));
            long expectedLag = commit(setup, prefix, topics, options);

            progress.accept("1/2 ConsumerLagReader ...");
            LagBenchmarkReport.Result batched = measure("ConsumerLagReader (4 batched calls)", kafka, options, admin -> {
                ConsumerLagReader reader = new ConsumerLagReader(admin, LagSettings.builder()
                    .includeGroups(Pattern.compile(Pattern.quote(prefix) + "-.*"))
                    .timeout(Duration.ofSeconds(60))
                    .build());
                return () -> reader.refresh().groups().stream().mapToLong(LagBenchmark::totalLag).sum();
            }, progress);
            progress.accept("2/2 One listOffsets call per partition per group ...");
            LagBenchmarkReport.Result perPartition = measure("One listOffsets per partition per group", kafka, options,
                    admin -> new PerPartitionLagReader(admin, groupId -> groupId.startsWith(prefix + "-"))::totalLag,
                    progress);
            String closing = String.format(Locale.ROOT, "System load average (1 min) at the end: %.2f.", loadAverage());
            return new LagBenchmarkReport(context, options, expectedLag, batched, perPartition, closing);
        }
    }

    /** One way of reading the total lag, made on a counting Admin client. */
    interface Approach {

        Refresh on(Admin admin);
    }

    /** One refresh, returning the total lag it read. */
    interface Refresh {

        long totalLag() throws Exception;
    }

    private static LagBenchmarkReport.Result measure(String name, BenchmarkKafka kafka, LagBenchmarkOptions options,
            Approach approach, Consumer<String> progress) throws Exception {
        CountingAdmin counting = new CountingAdmin(kafka.newAdmin());
        try (Admin admin = counting.admin()) {
            Refresh refresh = approach.on(admin);
            // unmeasured: connections, metadata and the coordinator are found once, as by a reader that runs for long
            refresh.totalLag();
            List<Duration> times = new ArrayList<>();
            long lag = 0;
            int calls = 0;
            double requests = 0;
            for (int i = 1; i <= options.refreshes(); i++) {
                counting.reset();
                double requestsBefore = requestsSent(admin);
                long start = System.nanoTime();
                lag = refresh.totalLag();
                times.add(Duration.ofNanos(System.nanoTime() - start));
                calls = counting.calls().size();
                requests = requestsSent(admin) - requestsBefore;
                progress.accept(String.format(Locale.ROOT,
                        "  refresh %d: %,d ms, %,d Admin calls, %,.0f requests, total lag %,d", i,
                        times.get(i - 1).toMillis(), calls, requests, lag));
            }
            return new LagBenchmarkReport.Result(name, times, calls, requests, lag);
        }
    }

    private static long totalLag(GroupLag group) {
        Long lag = group.totalLag();
        return lag == null ? 0 : lag;
    }

    /** Requests the Admin client has sent to the cluster so far, by its own metrics. */
    private static double requestsSent(Admin admin) {
        return admin.metrics().entrySet().stream()
            .filter(metric -> metric.getKey().name().equals("request-total")
                    && metric.getKey().group().equals("admin-client-metrics"))
            .mapToDouble(metric -> ((Number) ((Metric) metric.getValue()).metricValue()).doubleValue())
            .sum();
    }

    /** Writes with Kafka's default producer settings: what is measured is the reading, not the writing. */
    private static void write(BenchmarkKafka kafka, List<String> topics, LagBenchmarkOptions options) {
        try (Producer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (String topic : topics) {
                for (int p = 0; p < options.partitions(); p++) {
                    for (int r = 0; r < options.records(); r++) {
                        producer.send(new ProducerRecord<>(topic, p, null, new byte[100]));
                    }
                }
            }
            producer.flush();
        }
    }

    /** Group g commits on topic g mod topics, a different offset on each partition; returns the lag that leaves. */
    private static long commit(Admin admin, String prefix, List<String> topics, LagBenchmarkOptions options)
            throws Exception {
        long lag = 0;
        for (int g = 0; g < options.groups(); g++) {
            String topic = topics.get(g % topics.size());
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (int p = 0; p < options.partitions(); p++) {
                long offset = (g + p) % (options.records() + 1);
                offsets.put(new TopicPartition(topic, p), new OffsetAndMetadata(offset));
                lag += options.records() - offset;
            }
            admin.alterConsumerGroupOffsets(prefix + "-" + g, offsets).all().get(30, TimeUnit.SECONDS);
        }
        return lag;
    }

    private static String context(LagBenchmarkOptions options, BenchmarkKafka kafka) {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "Lag benchmark, %s. Broker: %s. %,d groups × %,d partitions (%,d group "
                + "partitions) over %d topics, %,d records per partition. %d measured refreshes per approach, after one "
                + "unmeasured. Versions: kafka-clients %s, Java %s. Machine: %d CPUs, max heap %d MiB, load average "
                + "(1 min) at the start %.2f.",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                kafka.description(), options.groups(), options.partitions(), options.groups() * options.partitions(),
                options.topics(), options.records(), options.refreshes(), AppInfoParser.getVersion(), Runtime.version(),
                runtime.availableProcessors(), runtime.maxMemory() / (1024 * 1024), loadAverage());
    }

    /** Other processes on the machine are the largest source of noise: the report shows how busy it was. */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
