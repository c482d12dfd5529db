package com.karrot.kafka.test.assertj;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.karrot.kafka.event.EventDescriptor;
import com.karrot.kafka.serde.EventDeserializers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * Assertions on the events a topic received after an {@link OffsetMark}: by default the end offsets when the current
 * test started (after its {@code @BeforeEach} methods), outside a Spring test those when this assertion was created;
 * a record written later is read whatever its timestamp. Each assertion
 * waits until what it expects has arrived, or the bound given to {@link #within} (default 10 seconds, counted from
 * the first wait) has passed; a failure lists what the topic did receive. Create it with
 * {@link KarrotKafkaAssertions#assertThatTopic(String)}; on records already read (the output of a
 * {@code TopologyTestDriver}, for example) with {@link KarrotKafkaAssertions#assertThatRecords(String, List)}, where
 * nothing is waited for and {@link #within} and {@link #since} have no effect.
 */
public final class TopicAssert extends AbstractAssert<TopicAssert, String> {

    /** How long an assertion waits by default. */
    public static final Duration DEFAULT_WITHIN = Duration.ofSeconds(10);

    private final @Nullable String bootstrapServers;

    private Supplier<OffsetMark> start;

    private @Nullable OffsetMark mark;

    private Duration within = DEFAULT_WITHIN;

    private Payloads payloads = Payloads.defaults();

    private @Nullable RecordSource reader;

    private @Nullable Instant deadline;

    /** Assertions that read a broker's topic from a mark, taken (or its failure thrown) on the first read. */
    TopicAssert(String topic, String bootstrapServers, Supplier<OffsetMark> start) {
        super(topic, TopicAssert.class);
        this.bootstrapServers = bootstrapServers;
        this.start = start;
    }

    /** Assertions on records already read, which wait for nothing. */
    TopicAssert(String topic, List<ConsumerRecord<byte[], byte[]>> records) {
        super(topic, TopicAssert.class);
        this.bootstrapServers = null;
        this.start = OffsetMark::beginning;
        this.reader = RecordSource.of(records);
    }

    /**
     * Sets how long the assertions wait for what they expect.
     * @param bound the longest wait, counted from the first assertion that waits
     * @return this assertion
     */
    public TopicAssert within(Duration bound) {
        this.within = Objects.requireNonNull(bound, "bound");
        return this;
    }

    /**
     * Reads the records written after a mark instead ({@link KarrotKafkaAssertions#mark()} takes one): from the end
     * offsets the topic's partitions had then. Call it before the first assertion.
     * @param mark the mark
     * @return this assertion
     */
    public TopicAssert since(OffsetMark mark) {
        Objects.requireNonNull(mark, "mark");
        this.start = () -> mark;
        return this;
    }

    /**
     * Reads the topic from its first record instead. Call it before the first assertion.
     * @return this assertion
     */
    public TopicAssert fromBeginning() {
        return since(OffsetMark.beginning());
    }

    /**
     * Reads values with these deserializers (the application's own, for example) instead of the test kit's JSON
     * and Avro defaults.
     * @param deserializers the deserializers
     * @return this assertion
     */
    public TopicAssert readingWith(EventDeserializers deserializers) {
        this.payloads = new Payloads(deserializers);
        return this;
    }

    /**
     * Waits for an event of a type ({@code ce_type}).
     * @param eventType the event type, for example {@code ITEM_SOLD}
     * @return assertions on the events of that type, to narrow further
     */
    public EventRecordsAssert hasEventOfType(String eventType) {
        return new EventRecordsAssert(this, List.of("an event of type \"" + eventType + "\""),
                record -> eventType.equals(Records.eventType(record))).awaitAny();
    }

    /**
     * Waits for an event of the type an event class declares with {@code @EventType}.
     * @param eventClass the event class
     * @return assertions on the events of that type, to narrow further
     */
    public EventRecordsAssert hasEventOfType(Class<?> eventClass) {
        return hasEventOfType(eventType(eventClass));
    }

    /**
     * Waits for any event.
     * @return assertions on every event received, to narrow further
     */
    public EventRecordsAssert hasEvents() {
        return new EventRecordsAssert(this, List.of("an event"), record -> true).awaitAny();
    }

    /**
     * Waits for a dead letter: a record that carries the {@code kafka_dlt-original-topic} header.
     * @return assertions on the dead letters, to narrow by exception, group or original bytes
     */
    public EventRecordsAssert hasDeadLetter() {
        return new EventRecordsAssert(this, List.of("a dead letter"),
                record -> record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC) != null).awaitAny();
    }

    /**
     * Waits the whole bound and fails if an event of a type arrives meanwhile.
     * @param eventType the event type
     * @return this assertion
     */
    public TopicAssert hasNoEventOfType(String eventType) {
        RecordSource reader = reader();
        reader.readUntil(records -> records.stream().anyMatch(record -> eventType.equals(Records.eventType(record))),
                deadline());
        List<ConsumerRecord<byte[], byte[]>> found = reader.records()
            .stream()
            .filter(record -> eventType.equals(Records.eventType(record)))
            .toList();
        if (!found.isEmpty()) {
            throw assertionError("Expecting topic \"%s\" to receive no event of type \"%s\" %s, but it received %s",
                    this.actual, eventType, span(), Records.summary(found));
        }
        return this;
    }

    /**
     * Waits until the events of one key ({@code ce_type} in order of their offsets) are the given types, in that
     * order: the order a listener of the topic sees them in.
     * @param key the record key, the aggregate id
     * @param eventTypes the expected event types, oldest first
     * @return this assertion
     */
    public TopicAssert hasEventTypesInOrderForKey(String key, String... eventTypes) {
        List<String> expected = Arrays.asList(eventTypes);
        Predicate<ConsumerRecord<byte[], byte[]>> ofKey = record -> key.equals(Records.key(record));
        RecordSource reader = reader();
        reader.readUntil(records -> typesOf(records, ofKey).size() >= expected.size(), deadline());
        List<String> actualTypes = typesOf(reader.records(), ofKey);
        if (!actualTypes.equals(expected)) {
            throw assertionError("Expecting the events of key \"%s\" on topic \"%s\" to be %s in this order %s, but they were %s",
                    key, this.actual, expected, span(), actualTypes);
        }
        return this;
    }

    private static List<String> typesOf(List<ConsumerRecord<byte[], byte[]>> records,
            Predicate<ConsumerRecord<byte[], byte[]>> filter) {
        List<String> types = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (filter.test(record)) {
                types.add(String.valueOf(Records.eventType(record)));
            }
        }
        return types;
    }

    static String eventType(Class<?> eventClass) {
        String type = EventDescriptor.declaredEventType(eventClass);
        if (type == null) {
            throw new IllegalArgumentException(eventClass.getName() + " declares no event type (@EventType)");
        }
        return type;
    }

    RecordSource reader() {
        if (this.reader == null) {
            this.reader = new TopicReader(this.actual, Objects.requireNonNull(this.bootstrapServers), mark());
        }
        return this.reader;
    }

    Instant deadline() {
        if (this.deadline == null) {
            this.deadline = Instant.now().plus(this.within);
        }
        return this.deadline;
    }

    Payloads payloads() {
        return this.payloads;
    }

    String topic() {
        return this.actual;
    }

    private OffsetMark mark() {
        if (this.mark == null) {
            this.mark = this.start.get();
        }
        return this.mark;
    }

    /**
     * "within PT10S (records after the end offsets of 12:00:01.123Z {0=3, 1=0, 2=5})", for messages; "among the
     * records given" for records already read.
     */
    String span() {
        if (this.bootstrapServers == null) {
            return "among the records given";
        }
        return "within " + this.within + " (records " + mark().describe(this.actual) + ")";
    }

    /** An assertion failure with this assertion's description, for the assertions it leads to. */
    AssertionError assertionError(String message, Object... arguments) {
        return failure(message, arguments);
    }
}
