package com.karrot.kafka.test.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.event.EventDescriptor;
import com.karrot.kafka.outbox.OutboxTopicResolver;
import com.karrot.kafka.schema.AvroEventDeserializer;
import com.karrot.kafka.schema.AvroEventSerializer;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.serde.EventDeserializer;
import com.karrot.kafka.serde.EventDeserializers;
import com.karrot.kafka.serde.EventSerializer;
import com.karrot.kafka.serde.JsonEventDeserializer;
import com.karrot.kafka.serde.JsonEventSerializer;
import com.karrot.kafka.streams.BadRecordPolicy;
import com.karrot.kafka.streams.KarrotSerdes;
import com.karrot.kafka.streams.StreamsDeadLetters;
import com.karrot.kafka.streams.internal.DeserializationErrors;
import com.karrot.kafka.streams.internal.StreamsErrorHandling;
import com.karrot.kafka.test.assertj.KarrotKafkaAssertions;
import com.karrot.kafka.test.assertj.TopicAssert;
import com.karrot.kafka.test.streams.internal.DriverDeserializationErrors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.util.Assert;
import org.springframework.util.FileSystemUtils;

/**
 * A Kafka Streams topology run in Kafka's {@link TopologyTestDriver}, without a broker, as the starter runs it in
 * production: exactly-once v2, the Karrot exception handlers with their dead-letter topics (a record that cannot be
 * read or processed lands in {@code <topic>.dlq} with its original bytes and the {@code kafka_dlt-*} headers), and
 * {@link KarrotSerdes} over JSON, or Avro where a schema registry client is given.
 *
 * <pre>{@code
 * try (KarrotTopologyTestDriver driver = KarrotTopologyTestDriver.builder()
 *         .applicationId("sales-counter")
 *         .build((builder, serdes) -> SalesCounting.define(builder, serdes))) {
 *     driver.publish(new ItemSold(itemId, "gangnam", 120_000));
 *     driver.assertThatTopic("marketplace.sales").hasEventOfType(SalesCounted.class).withKey("gangnam");
 * }
 * }</pre>
 *
 * Input events get the record an upstream service would send (the direct publisher's {@code ce_*} headers, key
 * and serialised value); output is kept per topic from the driver's start, so every read sees all of it. The
 * driver processes each input record before the call that writes it returns. Not thread-safe; close it.
 */
public final class KarrotTopologyTestDriver implements AutoCloseable {

    private static final String SOURCE = "/karrot-topology-test-driver";

    private final TopologyTestDriver driver;

    private final KarrotSerdes serdes;

    private final EventDeserializers deserializers;

    private final StreamsDeadLetters deadLetters;

    private final EventInput input;

    private final Clock clock;

    private final Path stateDir;

    private final Map<String, List<ConsumerRecord<byte[], byte[]>>> output = new HashMap<>();

    private final List<ProducerRecord<byte[], byte[]>> deserializationDeadLetters = new ArrayList<>();

    private KarrotTopologyTestDriver(Topology topology, Properties config, KarrotSerdes serdes,
            EventSerializer serializer, EventDeserializers deserializers, OutboxTopicResolver topics, Clock clock) {
        this.stateDir = createStateDir();
        Properties driverConfig = new Properties();
        driverConfig.putAll(config);
        // a directory of its own: the driver does not collide with another driver or with the application's instance
        driverConfig.put(StreamsConfig.STATE_DIR_CONFIG, this.stateDir.toString());
        if (DeserializationErrors.class.equals(
                driverConfig.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))) {
            driverConfig.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                    DriverDeserializationErrors.class);
            driverConfig.put(DriverDeserializationErrors.SINK,
                    (Consumer<ProducerRecord<byte[], byte[]>>) this.deserializationDeadLetters::add);
        }
        StreamsDeadLetters configured = StreamsErrorHandling.deadLetters(driverConfig);
        this.deadLetters = configured != null ? configured : new StreamsDeadLetters(
                String.valueOf(driverConfig.get(StreamsConfig.APPLICATION_ID_CONFIG)), null, ".dlq");
        this.driver = new TopologyTestDriver(topology, driverConfig, clock.instant());
        this.serdes = serdes;
        this.deserializers = deserializers;
        this.clock = clock;
        this.input = new EventInput(this.driver, serializer, topics, SOURCE, clock);
    }

    /**
     * Starts a builder, for a topology and settings given in the test.
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A driver of the topology of a Spring application's default Kafka Streams builder, with the configuration the
     * starter gave it ({@code spring.kafka.streams.*}, {@code karrot.kafka.streams.*}) and the application's
     * serializer, deserializers, {@link KarrotSerdes} and topic routing. Set
     * {@code spring.kafka.streams.auto-startup=false} in the test, so that the application's own Kafka Streams
     * instance does not start beside the driver.
     * @param context the application context, refreshed
     * @return the driver
     */
    public static KarrotTopologyTestDriver of(ApplicationContext context) {
        Assert.notNull(context, "context must not be null");
        StreamsBuilderFactoryBean factoryBean = context.getBean(StreamsBuilderFactoryBean.class);
        Topology topology = factoryBean.getTopology();
        Properties config = factoryBean.getStreamsConfiguration();
        Assert.state(topology != null && config != null, "the Kafka Streams builder of the context has no topology "
                + "yet: take the driver from a refreshed context");
        OutboxTopicResolver topics = context.getBeanProvider(OutboxTopicResolver.class)
            .getIfAvailable(() -> OutboxTopicResolver.byAggregateType(Map.of()));
        return new KarrotTopologyTestDriver(topology, config, context.getBean(KarrotSerdes.class),
                context.getBean(EventSerializer.class), context.getBean(EventDeserializers.class), topics,
                Clock.systemUTC());
    }

    /**
     * Writes an event to the topic its {@code @EventType(topic = ...)} (or, from a Spring context, the
     * application's routing) names, as an upstream service would publish it, keyed by its aggregate id.
     * @param event the event
     */
    public void publish(Object event) {
        Assert.notNull(event, "event must not be null");
        this.input.publish(null, event);
        collect();
    }

    /**
     * Writes an event to a topic, as an upstream service would publish it, keyed by its aggregate id.
     * @param topic the topic
     * @param event the event
     */
    public void publish(String topic, Object event) {
        Assert.hasText(topic, "topic must not be empty");
        Assert.notNull(event, "event must not be null");
        this.input.publish(topic, event);
        collect();
    }

    /**
     * Writes a record as it is, for example a poison pill (bytes that are not the event its {@code ce_type} and
     * {@code content-type} headers announce), timestamped now by the driver's clock.
     * @param topic the topic
     * @param key the key, or {@code null}
     * @param value the value bytes, or {@code null} for a tombstone
     * @param headers headers, their values written as UTF-8
     */
    public void publishBytes(String topic, @Nullable String key, byte @Nullable [] value, Map<String, String> headers) {
        Assert.hasText(topic, "topic must not be empty");
        Assert.notNull(headers, "headers must not be null");
        this.input.pipe(topic, key, value, headers, this.clock.instant());
        collect();
    }

    /**
     * The records the topology wrote to a topic since the driver started, oldest first, numbered from offset 0 on
     * partition 0; a record written without a timestamp (a dead letter) has {@link ConsumerRecord#NO_TIMESTAMP}.
     * @param topic the topic
     * @return key and value bytes with their headers
     */
    public List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        Assert.hasText(topic, "topic must not be empty");
        collect();
        return List.copyOf(this.output.getOrDefault(topic, List.of()));
    }

    /**
     * The events of one type ({@code ce_type}) the topology wrote to a topic since the driver started, oldest first,
     * read as the records' {@code content-type} says; records of other types are left out.
     * @param topic the topic
     * @param type an event class annotated with {@code @EventType}
     * @param <T> the event class
     * @return the events
     */
    public <T> List<T> events(String topic, Class<T> type) {
        String eventType = EventDescriptor.declaredEventType(type);
        Assert.notNull(eventType, () -> type.getName() + " declares no event type (@EventType)");
        List<T> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records(topic)) {
            Header header = record.headers().lastHeader(CloudEventHeaders.TYPE);
            if (header != null && header.value() != null && record.value() != null
                    && eventType.equals(new String(header.value(), StandardCharsets.UTF_8))) {
                events.add(this.deserializers.deserialize(record.value(), type, topic, headers(record)));
            }
        }
        return events;
    }

    /**
     * AssertJ assertions on what the topology wrote to a topic since the driver started, read with the driver's
     * deserializers; checked at once, nothing is waited for.
     * @param topic the topic
     * @return the assertions of {@link KarrotKafkaAssertions#assertThatTopic(String)}
     */
    public TopicAssert assertThatTopic(String topic) {
        return KarrotKafkaAssertions.assertThatRecords(topic, records(topic)).readingWith(this.deserializers);
    }

    /**
     * AssertJ assertions on the dead letters of the records read from a topic; start with
     * {@link TopicAssert#hasDeadLetter()}.
     * @param sourceTopic the topic the bad records were read from
     * @return the assertions on its dead-letter topic
     */
    public TopicAssert assertThatDeadLettersOf(String sourceTopic) {
        return assertThatTopic(deadLetterTopicOf(sourceTopic));
    }

    /**
     * The dead-letter topic of the records read from a topic, as the Karrot exception handlers name it
     * ({@code <topic>.dlq} by default).
     * @param sourceTopic the topic the records are read from
     * @return the dead-letter topic
     */
    public String deadLetterTopicOf(String sourceTopic) {
        Assert.hasText(sourceTopic, "sourceTopic must not be empty");
        return this.deadLetters.topicFor(sourceTopic);
    }

    /**
     * The serdes the driver's topology reads and writes Karrot events with.
     * @return the serdes
     */
    public KarrotSerdes serdes() {
        return this.serdes;
    }

    /**
     * Kafka's driver itself, for what this class does not cover: state stores, wall-clock time, punctuations.
     * @return the driver
     */
    public TopologyTestDriver driver() {
        return this.driver;
    }

    /** Closes the driver and deletes its state directory. */
    @Override
    public void close() {
        try {
            this.driver.close();
        }
        finally {
            FileSystemUtils.deleteRecursively(this.stateDir.toFile());
        }
    }

    /**
     * Moves what the driver wrote since the last call into the kept output: first its output topics, then the dead
     * letters of records that failed deserialization (a record that failed wrote nothing else).
     */
    private void collect() {
        for (String topic : this.driver.producedTopicNames()) {
            for (TestRecord<byte[], byte[]> record : this.driver
                .createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList()) {
                keep(topic, record.timestamp(), record.key(), record.value(), record.headers());
            }
        }
        for (ProducerRecord<byte[], byte[]> record : this.deserializationDeadLetters) {
            keep(record.topic(), record.timestamp(), record.key(), record.value(), record.headers());
        }
        this.deserializationDeadLetters.clear();
    }

    private void keep(String topic, @Nullable Long timestamp, byte @Nullable [] key, byte @Nullable [] value,
            Headers headers) {
        List<ConsumerRecord<byte[], byte[]>> records = this.output.computeIfAbsent(topic, name -> new ArrayList<>());
        // a dead letter has no timestamp of its own: a producer would stamp it when sending
        records.add(new ConsumerRecord<>(topic, 0, records.size(),
                timestamp != null ? timestamp : ConsumerRecord.NO_TIMESTAMP, TimestampType.CREATE_TIME,
                key != null ? key.length : ConsumerRecord.NULL_SIZE, value != null ? value.length : ConsumerRecord.NULL_SIZE,
                key, value, headers, Optional.empty(), Optional.empty()));
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }

    private static Path createStateDir() {
        try {
            return Files.createTempDirectory("karrot-topology-test-");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot create the driver's state directory", ex);
        }
    }

    /**
     * Builds a {@link KarrotTopologyTestDriver} with the starter's production defaults: exactly-once v2, bad
     * records of every kind to dead-letter topics named {@code <topic>.dlq}, a 10 MiB record cache, JSON events
     * read tolerantly (unknown fields and missing primitives pass, as {@code karrot.kafka.listener.json.*}
     * defaults).
     */
    public static final class Builder {

        private String applicationId = "karrot-topology-test";

        private @Nullable String deadLetterTopic;

        private String deadLetterTopicSuffix = ".dlq";

        private BadRecordPolicy deserialization = BadRecordPolicy.DEAD_LETTER;

        private BadRecordPolicy processing = BadRecordPolicy.DEAD_LETTER;

        private BadRecordPolicy production = BadRecordPolicy.DEAD_LETTER;

        private final Map<String, Object> properties = new HashMap<>();

        private JsonMapper jsonMapper = JsonMapper.builder().findAndAddModules().build();

        private @Nullable SchemaRegistryClient schemaRegistry;

        private @Nullable String source;

        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Sets the Streams application id (default {@code karrot-topology-test}), which names internal topics and
         * their dead-letter topic.
         * @param applicationId the application id
         * @return this builder
         */
        public Builder applicationId(String applicationId) {
            Assert.hasText(applicationId, "applicationId must not be empty");
            this.applicationId = applicationId;
            return this;
        }

        /**
         * Sends every dead letter to one topic, as {@code karrot.kafka.streams.dead-letter.topic} does.
         * @param topic the dead-letter topic
         * @return this builder
         */
        public Builder deadLetterTopic(String topic) {
            Assert.hasText(topic, "topic must not be empty");
            this.deadLetterTopic = topic;
            return this;
        }

        /**
         * Sets the suffix of each source topic's dead-letter topic (default {@code .dlq}), as
         * {@code karrot.kafka.streams.dead-letter.topic-suffix} does.
         * @param suffix the suffix
         * @return this builder
         */
        public Builder deadLetterTopicSuffix(String suffix) {
            Assert.hasText(suffix, "suffix must not be empty");
            this.deadLetterTopicSuffix = suffix;
            return this;
        }

        /**
         * Sets what happens to bad records, as {@code karrot.kafka.streams.errors.*} does (default: dead-letter for
         * all three).
         * @param deserialization records that cannot be deserialised
         * @param processing records whose processing throws
         * @param production output that cannot be serialised or written
         * @return this builder
         */
        public Builder errors(BadRecordPolicy deserialization, BadRecordPolicy processing,
                BadRecordPolicy production) {
            Assert.notNull(deserialization, "deserialization must not be null");
            Assert.notNull(processing, "processing must not be null");
            Assert.notNull(production, "production must not be null");
            this.deserialization = deserialization;
            this.processing = processing;
            this.production = production;
            return this;
        }

        /**
         * Sets any other Kafka Streams setting, as {@code karrot.kafka.streams.properties.*} does; it wins over the
         * defaults.
         * @param key the setting, for example {@code StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG}
         * @param value its value
         * @return this builder
         */
        public Builder property(String key, Object value) {
            Assert.hasText(key, "key must not be empty");
            Assert.notNull(value, "value must not be null");
            this.properties.put(key, value);
            return this;
        }

        /**
         * Sets the mapper of JSON events (default: one with the modules found on the class path), the
         * application's own for example; reading stays tolerant of unknown fields.
         * @param jsonMapper the mapper
         * @return this builder
         */
        public Builder jsonMapper(JsonMapper jsonMapper) {
            Assert.notNull(jsonMapper, "jsonMapper must not be null");
            this.jsonMapper = jsonMapper;
            return this;
        }

        /**
         * Writes and reads Avro events (generated classes) through a schema registry, JSON for the others, as the
         * schema capability does; for example a client of the test kit's
         * {@link com.karrot.kafka.test.registry.InMemorySchemaRegistry}.
         * @param registry the registry client
         * @return this builder
         */
        public Builder schemaRegistry(SchemaRegistryClient registry) {
            Assert.notNull(registry, "registry must not be null");
            this.schemaRegistry = registry;
            return this;
        }

        /**
         * Sets the {@code ce_source} of the events the topology creates (default {@code /<application id>}), as
         * {@code karrot.kafka.outbox.source} does.
         * @param source a URI reference naming the service
         * @return this builder
         */
        public Builder source(String source) {
            Assert.hasText(source, "source must not be empty");
            this.source = source;
            return this;
        }

        /**
         * Sets the clock of the driver (default UTC system clock): its start time, the timestamps and
         * {@code ce_time} of input events, and the {@code ce_time} of the events the topology creates.
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            Assert.notNull(clock, "clock must not be null");
            this.clock = clock;
            return this;
        }

        /**
         * Builds the driver of a topology defined on a {@link StreamsBuilder} with the driver's {@link KarrotSerdes},
         * as a service's {@code @Bean} methods do.
         * @param topology defines the topology
         * @return the driver, started
         */
        public KarrotTopologyTestDriver build(BiConsumer<StreamsBuilder, KarrotSerdes> topology) {
            Assert.notNull(topology, "topology must not be null");
            Properties config = config();
            KarrotSerdes serdes = serdes();
            StreamsBuilder builder = new StreamsBuilder();
            topology.accept(builder, serdes);
            return new KarrotTopologyTestDriver(builder.build(config), config, serdes, serializer(),
                    deserializers(), OutboxTopicResolver.byAggregateType(Map.of()), this.clock);
        }

        /**
         * Builds the driver of a topology built beforehand; {@link KarrotTopologyTestDriver#serdes()} gives the serdes
         * it should use.
         * @param topology the topology
         * @return the driver, started
         */
        public KarrotTopologyTestDriver build(Topology topology) {
            Assert.notNull(topology, "topology must not be null");
            return new KarrotTopologyTestDriver(topology, config(), serdes(), serializer(), deserializers(),
                    OutboxTopicResolver.byAggregateType(Map.of()), this.clock);
        }

        private Properties config() {
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, this.applicationId);
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "topology-test-driver:9092");
            config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 10L * 1024 * 1024);
            StreamsErrorHandling.apply(config,
                    new StreamsDeadLetters(this.applicationId, this.deadLetterTopic, this.deadLetterTopicSuffix),
                    this.deserialization, this.processing, this.production);
            config.putAll(this.properties);
            return config;
        }

        private KarrotSerdes serdes() {
            return new KarrotSerdes(serializer(), deserializers(),
                    this.source != null ? this.source : "/" + this.applicationId, this.clock);
        }

        private EventSerializer serializer() {
            EventSerializer json = new JsonEventSerializer(this.jsonMapper);
            return this.schemaRegistry != null ? new AvroEventSerializer(this.schemaRegistry, Map.of()).orElse(json)
                    : json;
        }

        private EventDeserializers deserializers() {
            List<EventDeserializer> deserializers = new ArrayList<>();
            deserializers.add(new JsonEventDeserializer(this.jsonMapper.rebuild()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build()));
            if (this.schemaRegistry != null) {
                deserializers.add(new AvroEventDeserializer(this.schemaRegistry, true));
            }
            return new EventDeserializers(deserializers);
        }
    }
}
