package com.karrot.kafka.test.assertj;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import com.karrot.kafka.listener.dlq.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.ThrowingConsumer;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * Assertions on the events of a topic that matched so far, each narrowing waiting (within the topic assertion's
 * bound) until at least one event matches everything asked: {@code hasEventOfType("ITEM_SOLD").withKey(itemId)}
 * waits for an {@code ITEM_SOLD} event with that key, whichever came first.
 */
public final class EventRecordsAssert
        extends AbstractAssert<EventRecordsAssert, List<ConsumerRecord<byte[], byte[]>>> {

    private final TopicAssert topic;

    private final List<String> expectations;

    private final Predicate<ConsumerRecord<byte[], byte[]>> filter;

    // why the last event whose header or payload was checked did not match, shared along one chain of narrowings
    private final Mismatch mismatch;

    EventRecordsAssert(TopicAssert topic, List<String> expectations, Predicate<ConsumerRecord<byte[], byte[]>> filter) {
        this(topic, expectations, filter, new Mismatch());
    }

    private EventRecordsAssert(TopicAssert topic, List<String> expectations,
            Predicate<ConsumerRecord<byte[], byte[]>> filter, Mismatch mismatch) {
        super(List.of(), EventRecordsAssert.class);
        this.topic = topic;
        this.expectations = expectations;
        this.filter = filter;
        this.mismatch = mismatch;
    }

    private EventRecordsAssert(EventRecordsAssert narrowed, List<ConsumerRecord<byte[], byte[]>> matching) {
        super(List.copyOf(matching), EventRecordsAssert.class);
        this.topic = narrowed.topic;
        this.expectations = narrowed.expectations;
        this.filter = narrowed.filter;
        this.mismatch = narrowed.mismatch;
    }

    /**
     * Narrows to events with a record key.
     * @param key the key, as UTF-8 text (the aggregate id of Karrot events)
     * @return the narrowed assertion
     */
    public EventRecordsAssert withKey(String key) {
        return narrow("with key \"" + key + "\"", record -> key.equals(Records.key(record)));
    }

    /**
     * Narrows to events with a header of a value.
     * @param name the header name, for example {@code ce_source}
     * @param value its value, as UTF-8 text
     * @return the narrowed assertion
     */
    public EventRecordsAssert withHeader(String name, String value) {
        return narrow("with header " + name + "=\"" + value + "\"", record -> {
            String actual = Records.header(record, name);
            if (value.equals(actual)) {
                return true;
            }
            this.mismatch.last = Records.position(record) + ": " + (actual != null
                    ? "header " + name + "=\"" + actual + "\"" : "no header " + name);
            return false;
        });
    }

    /**
     * Narrows to events that carry a header, whatever its value.
     * @param name the header name
     * @return the narrowed assertion
     */
    public EventRecordsAssert withHeader(String name) {
        return narrow("with header " + name, record -> {
            if (record.headers().lastHeader(name) != null) {
                return true;
            }
            this.mismatch.last = Records.position(record) + ": no header " + name;
            return false;
        });
    }

    /**
     * Narrows to events that carry a W3C trace context ({@code traceparent}), as those published in a traced
     * request do.
     * @return the narrowed assertion
     */
    public EventRecordsAssert withTraceparent() {
        return withHeader("traceparent");
    }

    /**
     * Narrows to events whose value, read as an event class (JSON or Avro, by the record's {@code content-type}),
     * satisfies the requirements; waits for one.
     * @param type the event class
     * @param requirements AssertJ assertions on the event
     * @param <T> the event class
     * @return the narrowed assertion
     */
    public <T> EventRecordsAssert withPayloadSatisfying(Class<T> type, ThrowingConsumer<T> requirements) {
        return narrow("whose " + type.getSimpleName() + " satisfies the requirements",
                record -> satisfies(record, type, requirements));
    }

    /**
     * Narrows to events whose value, read as an event class, matches a predicate; waits for one.
     * @param type the event class
     * @param predicate the condition
     * @param <T> the event class
     * @return the narrowed assertion
     */
    public <T> EventRecordsAssert matching(Class<T> type, Predicate<? super T> predicate) {
        return narrow("whose " + type.getSimpleName() + " matches the predicate", record -> satisfies(record, type,
                event -> {
                    if (!predicate.test(event)) {
                        throw new AssertionError(event + " does not match the predicate");
                    }
                }));
    }

    /**
     * Narrows to dead letters whose handler threw an exception of a class (or had it as the cause), as the
     * {@code kafka_dlt-exception-fqcn} and {@code kafka_dlt-exception-cause-fqcn} headers name it.
     * @param exception the exception class
     * @return the narrowed assertion
     */
    public EventRecordsAssert withException(Class<? extends Throwable> exception) {
        String name = exception.getName();
        return narrow("with exception " + name, record -> name.equals(Records.header(record, DeadLetter.EXCEPTION_HEADER))
                || name.equals(Records.header(record, DeadLetter.EXCEPTION_CAUSE_HEADER)));
    }

    /**
     * Narrows to dead letters of one consumer group ({@code kafka_dlt-original-consumer-group}).
     * @param groupId the consumer group
     * @return the narrowed assertion
     */
    public EventRecordsAssert fromGroup(String groupId) {
        return narrow("from group \"" + groupId + "\"",
                record -> groupId.equals(Records.header(record, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)));
    }

    /**
     * Narrows to records whose value is exactly these bytes: a dead letter keeps the original record's.
     * @param value the bytes
     * @return the narrowed assertion
     */
    public EventRecordsAssert withValue(byte[] value) {
        return narrow("with the given " + value.length + "-byte value", record -> Arrays.equals(value, record.value()));
    }

    /**
     * Waits until exactly this many events match (fails when more have arrived by then).
     * @param count the number of events
     * @return this assertion, over the matching events
     */
    public EventRecordsAssert hasCount(int count) {
        RecordSource reader = this.topic.reader();
        reader.readUntil(records -> matching(records).size() >= count, this.topic.deadline());
        List<ConsumerRecord<byte[], byte[]>> matching = matching(reader.records());
        if (matching.size() != count) {
            throw this.topic.assertionError("Expecting topic \"%s\" to receive %d of %s %s, but it received %d; all it received: %s",
                    this.topic.topic(), count, String.join(" ", this.expectations), this.topic.span(),
                    matching.size(), Records.summary(reader.records()));
        }
        return new EventRecordsAssert(this, matching);
    }

    /**
     * The first matching event, read as an event class, for further assertions.
     * @param type the event class
     * @param <T> the event class
     * @return the event
     */
    public <T> T firstPayload(Class<T> type) {
        return this.topic.payloads().read(records().get(0), type);
    }

    /**
     * The matching records, oldest first.
     * @return key and value bytes with their headers
     */
    public List<ConsumerRecord<byte[], byte[]>> records() {
        return this.actual;
    }

    EventRecordsAssert awaitAny() {
        RecordSource reader = this.topic.reader();
        reader.readUntil(records -> records.stream().anyMatch(this.filter), this.topic.deadline());
        List<ConsumerRecord<byte[], byte[]>> matching = matching(reader.records());
        if (matching.isEmpty()) {
            throw this.topic.assertionError("Expecting topic \"%s\" to receive %s %s, but it received %s",
                    this.topic.topic(), String.join(" ", this.expectations), this.topic.span(),
                    Records.summary(reader.records()) + lastProblem());
        }
        return new EventRecordsAssert(this, matching);
    }

    private EventRecordsAssert narrow(String expectation, Predicate<ConsumerRecord<byte[], byte[]>> condition) {
        List<String> expectations = new ArrayList<>(this.expectations);
        expectations.add(expectation);
        return new EventRecordsAssert(this.topic, expectations, this.filter.and(condition), this.mismatch).awaitAny();
    }

    private List<ConsumerRecord<byte[], byte[]>> matching(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().filter(this.filter).toList();
    }

    private <T> boolean satisfies(ConsumerRecord<byte[], byte[]> record, Class<T> type, ThrowingConsumer<T> requirements) {
        try {
            requirements.accept(this.topic.payloads().read(record, type));
            return true;
        }
        catch (AssertionError | RuntimeException ex) {
            this.mismatch.last = Records.position(record) + ": " + ex.getMessage();
            return false;
        }
    }

    private String lastProblem() {
        return this.mismatch.last != null ? "\nThe last event checked that did not match, " + this.mismatch.last : "";
    }

    private static final class Mismatch {

        private @Nullable String last;
    }
}
