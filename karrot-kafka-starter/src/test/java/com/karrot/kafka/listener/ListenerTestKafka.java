package com.karrot.kafka.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import com.karrot.kafka.autoconfigure.listener.KarrotDeadLetterEndpointAutoConfiguration;
import com.karrot.kafka.autoconfigure.listener.KarrotListenerAutoConfiguration;
import com.karrot.kafka.autoconfigure.listener.KarrotListenerMetricsAutoConfiguration;
import com.karrot.kafka.autoconfigure.serde.KarrotSerdeAutoConfiguration;
import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.test.SharedKafkaBroker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import static org.awaitility.Awaitility.await;

/**
 * The shared broker as listener tests use it: unique topics, a producer that writes events the way the outbox
 * does (key = aggregate id, JSON value, CloudEvents headers), an independent reader, committed offsets, and an
 * application context with the listener auto-configuration and a simple meter registry.
 */
final class ListenerTestKafka implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5),
            new StringSerializer(), new ByteArraySerializer());

    static String bootstrapServers() {
        return SharedKafkaBroker.bootstrapServers();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Auto-configuration of listeners on the shared broker; tests add their listener beans and properties. */
    static ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KarrotSerdeAutoConfiguration.class, KafkaAutoConfiguration.class,
                    ValidationAutoConfiguration.class, MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    KarrotListenerAutoConfiguration.class, KarrotListenerMetricsAutoConfiguration.class,
                    KarrotDeadLetterEndpointAutoConfiguration.class))
            .withPropertyValues("spring.kafka.bootstrap-servers=" + bootstrapServers(),
                    "spring.kafka.consumer.auto-offset-reset=earliest",
                    // a retry seeks back, and the fetch already waiting at the end of the log holds it that long
                    "spring.kafka.consumer.fetch-max-wait=50ms");
    }

    void createTopics(int partitions, String... topics) {
        List<NewTopic> newTopics = new ArrayList<>();
        for (String topic : topics) {
            newTopics.add(new NewTopic(topic, partitions, (short) 1));
        }
        createTopics(newTopics);
    }

    /** Creates topics and waits until the broker serves them, which it learns from the controller a moment later. */
    void createTopics(List<NewTopic> topics) {
        try {
            this.admin.createTopics(topics).all().get();
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException(ex);
        }
        List<String> names = topics.stream().map(NewTopic::name).toList();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
            .until(() -> this.admin.describeTopics(names).allTopicNames().get().size() == names.size());
    }

    Admin admin() {
        return this.admin;
    }

    RecordMetadata send(String topic, String key, String type, Object event) {
        return sendBytes(topic, key, type, JSON.writeValueAsBytes(event));
    }

    RecordMetadata sendBytes(String topic, String key, String type, byte[] value) {
        try {
            return sendWithoutWaiting(topic, key, type, value).get();
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Sends without waiting for the acknowledgement, for many records; {@link #flush()} waits for them all. */
    Future<RecordMetadata> sendWithoutWaiting(String topic, String key, String type, Object event) {
        return sendWithoutWaiting(topic, key, type, JSON.writeValueAsBytes(event));
    }

    void flush() {
        this.producer.flush();
    }

    private Future<RecordMetadata> sendWithoutWaiting(String topic, String key, String type, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        record.headers()
            .add(CloudEventHeaders.ID, utf8(UUID.randomUUID().toString()))
            .add(CloudEventHeaders.TYPE, utf8(type))
            .add(CloudEventHeaders.SOURCE, utf8("/listener-tests"))
            .add(CloudEventHeaders.SUBJECT, utf8(key))
            .add(CloudEventHeaders.AGGREGATE_TYPE, utf8("item"))
            .add(CloudEventHeaders.TIME, utf8(Instant.now().toString()))
            .add(CloudEventHeaders.CONTENT_TYPE, utf8("application/json"));
        return this.producer.send(record);
    }

    /** Sends a record without any header, as a producer that knows nothing of CloudEvents does. */
    RecordMetadata sendWithoutHeaders(String topic, String key, byte[] value) {
        try {
            return this.producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Lets a logger of the listeners log at DEBUG until the returned handle is closed. */
    static AutoCloseable debug(Class<?> logger) {
        LoggingSystem logging = LoggingSystem.get(ListenerTestKafka.class.getClassLoader());
        logging.setLogLevel(logger.getName(), LogLevel.DEBUG);
        return () -> logging.setLogLevel(logger.getName(), null);
    }

    /** The lines of captured output at WARN that contain a text. */
    static List<String> warnings(CharSequence output, String containing) {
        return output.toString().lines().filter(line -> line.contains("WARN") && line.contains(containing)).toList();
    }

    /** Reads a topic from the beginning with a group of its own until it has at least {@code count} records. */
    static List<ConsumerRecord<String, byte[]>> read(String topic, int count, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, unique("verifier"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("expected " + count + " records on " + topic + " within " + timeout
                            + ", read " + records.size());
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /** The offset the group committed for a partition, -1 when none. */
    long committed(String groupId, TopicPartition partition) {
        try {
            OffsetAndMetadata offset = this.admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get()
                .get(partition);
            return offset != null ? offset.offset() : -1;
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static double count(MeterRegistry registry, String name, String listener, String eventType) {
        Counter counter = registry.find(name).tag("listener", listener).tag("event.type", eventType).counter();
        return counter != null ? counter.count() : 0;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header != null ? new String(header.value(), StandardCharsets.UTF_8) : null;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        this.producer.close(Duration.ofSeconds(5));
        this.admin.close(Duration.ofSeconds(5));
    }
}
