package com.karrot.kafka.test.assertj;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import com.karrot.kafka.event.EventDescriptor;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.outbox.DirectEventPublisher;
import com.karrot.kafka.outbox.OutboxStore;
import com.karrot.kafka.outbox.OutboxTopicResolver;
import com.karrot.kafka.outbox.PublishedEvent;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.serde.EventDeserializers;
import com.karrot.kafka.test.SharedKafkaBroker;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.assertj.core.api.ThrowingConsumer;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;

/**
 * Service tests in the shape of the behaviour they check, for the application context of a
 * {@link com.karrot.kafka.test.KarrotKafkaTest @KarrotKafkaTest} class (inject it):
 *
 * <pre>{@code
 * scenario.when(() -> items.sell(itemId, buyerId))
 *     .thenPublished(ItemSold.class)
 *     .matching(sold -> sold.buyerId().equals(buyerId));
 *
 * scenario.publish(new ItemSold(itemId, sellerId, buyerId, 120_000, now));   // drives the service's listeners
 * scenario.publishRecord(received);                                          // a redelivery, byte for byte
 * }</pre>
 *
 * Events are found on the topic the application routes them to ({@code @EventType(topic)} or
 * {@code karrot.kafka.outbox.topics.*}) and read with the application's own deserializers; published with its
 * own headers and serialization (JSON or Avro), as an upstream service would.
 */
public final class KarrotKafkaScenario {

    private final ApplicationContext context;

    private final Duration within;

    /**
     * Creates the scenario of an application context; the test kit registers one in {@code @KarrotKafkaTest}
     * contexts.
     * @param context the application context
     */
    public KarrotKafkaScenario(ApplicationContext context) {
        this(context, TopicAssert.DEFAULT_WITHIN);
    }

    private KarrotKafkaScenario(ApplicationContext context, Duration within) {
        this.context = context;
        this.within = within;
    }

    /**
     * A scenario whose {@code then...} assertions and {@code publish} wait up to another bound (this one, shared by
     * the tests of a context, keeps its own).
     * @param bound the longest wait
     * @return the scenario with that bound
     */
    public KarrotKafkaScenario within(Duration bound) {
        return new KarrotKafkaScenario(this.context, Objects.requireNonNull(bound, "bound"));
    }

    /**
     * Runs the code under test; what it publishes from now on (after the end offsets of the topics before it runs,
     * one Admin round trip) is what the returned expectations see.
     * @param action the code under test, for example a transactional service call
     * @return the expectations
     */
    public When when(ThrowingRunnable action) {
        OffsetMark mark = KarrotKafkaAssertions.mark();
        try {
            action.run();
        }
        catch (RuntimeException | Error ex) {
            throw ex;
        }
        catch (Exception ex) {
            throw new IllegalStateException("the scenario's action failed: " + ex.getMessage(), ex);
        }
        return new When(mark);
    }

    /**
     * Publishes an event as an upstream service would (routing, headers, serialization of this application),
     * straight to Kafka, and waits for the broker's acknowledgement.
     * @param event the event
     * @return where it was written
     */
    public PublishedEvent publish(Object event) {
        DirectEventPublisher publisher = this.context.getBean(DirectEventPublisher.class);
        try {
            return publisher.publish(event).get(this.within.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + event, ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("could not publish " + event + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Sends a record again exactly as it was received (topic, partition, key, value, headers, timestamp), the way a
     * broker redelivers it after a consumer crashed before committing its offset: for tests of idempotent listeners.
     * Waits for the broker's acknowledgement.
     * @param record a record read from this application's broker, for example through
     * {@link EventRecordsAssert#records()}
     * @return where it was written this time
     */
    public RecordMetadata publishRecord(ConsumerRecord<byte[], byte[]> record) {
        String servers = this.context.getEnvironment().getProperty("spring.kafka.bootstrap-servers");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers != null ? servers : SharedKafkaBroker.bootstrapServers()), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(record.topic(), record.partition(),
                    record.timestamp() >= 0 ? record.timestamp() : null, record.key(), record.value(), record.headers()))
                .get(this.within.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + Records.position(record) + " again", ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("could not send " + Records.position(record) + " again: " + ex.getMessage(),
                    ex);
        }
    }

    /**
     * Assertions on what a topic received since the current test started, from this application's broker and with
     * its deserializers.
     * @param topic the topic
     * @return the assertions
     */
    public TopicAssert assertThatTopic(String topic) {
        return KarrotKafkaAssertions.assertThatTopic(topic).within(this.within).readingWith(deserializers());
    }

    /**
     * Assertions on this application's outbox.
     * @return the assertions
     */
    public OutboxAssert assertThatOutbox() {
        return KarrotKafkaAssertions.assertThatOutbox(this.context.getBean(OutboxStore.class));
    }

    /**
     * Assertions on an Avro schema against this application's schema registry.
     * @param schema the schema
     * @param subject the registry subject to check it against
     * @return the assertions, already checked against the subject
     */
    public SchemaAssert assertThatSchemaIsCompatible(Schema schema, String subject) {
        return KarrotKafkaAssertions.assertThatSchema(schema)
            .isCompatibleWithSubject(this.context.getBean(SchemaRegistryClient.class), subject);
    }

    private EventDeserializers deserializers() {
        return this.context.getBean(EventDeserializers.class);
    }

    String topicOf(Class<?> eventClass) {
        EventType annotation = eventClass.getAnnotation(EventType.class);
        if (annotation == null) {
            throw new IllegalArgumentException(eventClass.getName() + " is not annotated with @EventType");
        }
        @Nullable String topic = annotation.topic().isEmpty() ? null : annotation.topic();
        EventDescriptor descriptor = new EventDescriptor(annotation.value(), annotation.aggregateType(), "-", topic);
        return this.context.getBean(OutboxTopicResolver.class).topicFor(descriptor);
    }

    /** Code under test, which may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {

        /**
         * Runs.
         * @throws Exception whatever the code throws
         */
        void run() throws Exception;
    }

    /** What the scenario's action is expected to have published. */
    public final class When {

        private final OffsetMark mark;

        When(OffsetMark mark) {
            this.mark = mark;
        }

        /**
         * Waits for an event of a class to be published on its topic.
         * @param eventClass the event class, annotated with {@code @EventType}
         * @param <T> the event class
         * @return the published events of that class, to narrow further
         */
        public <T> PublishedEvents<T> thenPublished(Class<T> eventClass) {
            TopicAssert topic = KarrotKafkaAssertions.assertThatTopic(topicOf(eventClass))
                .since(this.mark)
                .within(KarrotKafkaScenario.this.within)
                .readingWith(deserializers());
            return new PublishedEvents<>(eventClass, topic.hasEventOfType(eventClass));
        }

        /**
         * Assertions on what a topic received since the action started.
         * @param topic the topic
         * @return the assertions
         */
        public TopicAssert thenTopic(String topic) {
            return KarrotKafkaAssertions.assertThatTopic(topic)
                .since(this.mark)
                .within(KarrotKafkaScenario.this.within)
                .readingWith(deserializers());
        }
    }

    /**
     * The published events of one class, narrowed step by step; each step waits for a match.
     * @param <T> the event class
     */
    public static final class PublishedEvents<T> {

        private final Class<T> eventClass;

        private final EventRecordsAssert records;

        PublishedEvents(Class<T> eventClass, EventRecordsAssert records) {
            this.eventClass = eventClass;
            this.records = records;
        }

        /**
         * Narrows to the events that match a predicate.
         * @param predicate the condition
         * @return the narrowed events
         */
        public PublishedEvents<T> matching(Predicate<? super T> predicate) {
            return new PublishedEvents<>(this.eventClass, this.records.matching(this.eventClass, predicate));
        }

        /**
         * Narrows to the events that satisfy AssertJ requirements.
         * @param requirements the requirements
         * @return the narrowed events
         */
        public PublishedEvents<T> satisfying(ThrowingConsumer<T> requirements) {
            return new PublishedEvents<>(this.eventClass,
                    this.records.withPayloadSatisfying(this.eventClass, requirements));
        }

        /**
         * Narrows to the events with a key (aggregate id).
         * @param key the key
         * @return the narrowed events
         */
        public PublishedEvents<T> withKey(String key) {
            return new PublishedEvents<>(this.eventClass, this.records.withKey(key));
        }

        /**
         * Waits until exactly this many events match.
         * @param count the number
         * @return these events
         */
        public PublishedEvents<T> hasCount(int count) {
            return new PublishedEvents<>(this.eventClass, this.records.hasCount(count));
        }

        /**
         * The first matching event.
         * @return the event
         */
        public T first() {
            return this.records.firstPayload(this.eventClass);
        }

        /**
         * The record-level assertions behind these events (headers, keys, bytes).
         * @return the assertions
         */
        public EventRecordsAssert records() {
            return this.records;
        }
    }
}
