package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.karrot.kafka.outbox.OutboxRelay;
import com.karrot.kafka.test.ExternalKafkaBroker;
import com.karrot.kafka.test.SharedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/**
 * The broker of a run and the clients the phases use. The relay and the bare producer get the same producer
 * settings, the relay's defaults ({@link OutboxRelay#producerConfig}) with the run's overrides on top.
 */
final class BenchmarkKafka implements AutoCloseable {

    /** The relay's default send timeout. */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final String bootstrapServers;

    private final String description;

    private final int partitions;

    private final Map<String, String> producerOverrides;

    private final Admin admin;

    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    private final AtomicInteger clients = new AtomicInteger();

    private @Nullable ExternalKafkaBroker broker;

    private volatile @Nullable Producer<String, byte[]> lastProducer;

    private BenchmarkKafka(String bootstrapServers, String description, int partitions,
            Map<String, String> producerOverrides) {
        this.bootstrapServers = bootstrapServers;
        this.description = description;
        this.partitions = partitions;
        this.producerOverrides = producerOverrides;
        this.admin = newAdmin();
    }

    /**
     * Connects to the broker the options name, or starts one: in a JVM of its own unless they ask for the
     * in-process one. A broker started here stops with {@link #close()}.
     */
    static BenchmarkKafka connect(BenchmarkOptions options) {
        if (options.bootstrapServers() != null || options.inProcessBroker()) {
            return connect(options.bootstrapServers(), options.partitions(), options.producerOverrides());
        }
        ExternalKafkaBroker broker = ExternalKafkaBroker.start();
        try {
            BenchmarkKafka kafka = new BenchmarkKafka(broker.bootstrapServers(), "one-node KRaft broker in a JVM of "
                    + "its own (karrot-kafka-test ExternalKafkaBroker, " + broker.bootstrapServers() + ")",
                    options.partitions(), options.producerOverrides());
            kafka.broker = broker;
            return kafka;
        }
        catch (RuntimeException ex) {
            broker.close();
            throw ex;
        }
    }

    /**
     * Connects to a broker.
     * @param bootstrapServers an external broker, or {@code null} for the shared in-process one
     * @param partitions partitions of the topics it creates
     * @param producerOverrides settings over the relay's producer settings
     */
    static BenchmarkKafka connect(@Nullable String bootstrapServers, int partitions, Map<String, String> producerOverrides) {
        if (bootstrapServers != null) {
            return new BenchmarkKafka(bootstrapServers, "external broker " + bootstrapServers, partitions,
                    producerOverrides);
        }
        String servers = SharedKafkaBroker.bootstrapServers();
        return new BenchmarkKafka(servers, "in-process KRaft broker, 1 node (karrot-kafka-test SharedKafkaBroker, "
                + servers + ")", partitions, producerOverrides);
    }

    String bootstrapServers() {
        return this.bootstrapServers;
    }

    String description() {
        return this.description;
    }

    /**
     * What measures the CPU time of this JVM, of the broker's process when the benchmark started one, and of the
     * given PostgreSQL backends.
     */
    MachineCpu cpu(Supplier<Collection<Long>> postgresPids) {
        return new MachineCpu(this.broker != null ? this.broker.pid() : -1, postgresPids);
    }

    /** The producer settings of the relay: {@link OutboxRelay#producerConfig}, with the run's overrides on top. */
    Map<String, Object> producerConfig() {
        Map<String, Object> config = OutboxRelay.producerConfig(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "karrot-bench-" + this.clients.incrementAndGet()), SEND_TIMEOUT);
        config.putAll(this.producerOverrides);
        return config;
    }

    /**
     * The producer settings of the bare producer: the relay's, but with Kafka's default of 5 requests in flight
     * (the relay keeps one, for its order per aggregate), unless the run overrides it.
     */
    Map<String, Object> bareProducerConfig() {
        Map<String, Object> config = producerConfig();
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.putAll(this.producerOverrides);
        return config;
    }

    /** A producer with the relay's settings. */
    Producer<String, byte[]> newProducer() {
        return newProducer(producerConfig());
    }

    /** A producer with the bare producer's settings. */
    Producer<String, byte[]> newBareProducer() {
        return newProducer(bareProducerConfig());
    }

    private Producer<String, byte[]> newProducer(Map<String, Object> config) {
        Producer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.lastProducer = producer;
        return producer;
    }

    /**
     * How the producer made last (the relay's, or the bare one) sent: records per request, batch size and request
     * latency, the means Kafka's client keeps; to be read before it is closed.
     */
    String lastProducerStatistics() {
        Producer<String, byte[]> producer = this.lastProducer;
        if (producer == null) {
            return "no producer";
        }
        Map<String, Double> values = new HashMap<>();
        producer.metrics().forEach((name, metric) -> {
            if (name.group().equals("producer-metrics") && metric.metricValue() instanceof Double value) {
                values.put(name.name(), value);
            }
        });
        return BenchmarkReport.format("%.1f records per request, %.0f bytes per batch, %.1f ms per request, "
                + "%.0f requests/s", values.getOrDefault("records-per-request-avg", Double.NaN),
                values.getOrDefault("batch-size-avg", Double.NaN), values.getOrDefault("request-latency-avg", Double.NaN),
                values.getOrDefault("request-rate", Double.NaN));
    }

    Admin newAdmin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers));
    }

    /**
     * Creates a topic of its own for one phase, so that no phase counts another's records, and waits until the
     * leader of every partition answers.
     * @param prefix what the phase is
     * @return the topic name
     */
    String createTopic(String prefix) {
        String topic = "karrot-bench-" + prefix + "-" + this.runId;
        try {
            this.admin.createTopics(List.of(new NewTopic(topic, Optional.of(this.partitions), Optional.empty())))
                .all()
                .get(30, TimeUnit.SECONDS);
            awaitLeaders(topic);
        }
        catch (Exception ex) {
            throw new IllegalStateException("cannot create topic " + topic + " on " + this.bootstrapServers, ex);
        }
        return topic;
    }

    /**
     * Waits until the leader of every partition of a new topic serves a list-offsets request: a producer writing at
     * once could meet NOT_LEADER_OR_FOLLOWER on the broker in a JVM of its own, and its idempotent retries then
     * failed with OUT_OF_ORDER_SEQUENCE_NUMBER without end.
     */
    private void awaitLeaders(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (int partition = 0; partition < this.partitions; partition++) {
            ends.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                this.admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS);
                return;
            }
            catch (ExecutionException ex) {
                // the topic not known to the broker yet, or its leader not elected: both retriable
                if (!(ex.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw ex;
                }
                Thread.sleep(20);
            }
        }
    }

    TopicCounter count(String topic) {
        return new TopicCounter(this.bootstrapServers, topic);
    }

    @Override
    public void close() {
        this.admin.close(Duration.ofSeconds(5));
        if (this.broker != null) {
            this.broker.close();
        }
    }
}
