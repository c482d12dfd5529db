package com.karrot.kafka.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

import com.karrot.kafka.internal.LogThrottle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.util.Assert;

/**
 * Sends events straight to Kafka, without an outbox: for services that have no database, or events that need not
 * commit with one. Each event gets the same record as through the outbox (routing, {@code ce_*} and contributed
 * headers, key, serialised value); only its {@code ce_id} and {@code ce_time} are its own.
 *
 * <p>Unlike the outbox, a direct send is not tied to the caller's transaction: an event sent before the transaction
 * commits is out even if it rolls back, and one sent after it commits is lost if the process dies or Kafka stays
 * unreachable first. Use the {@link KarrotEventPublisher} where the event must follow the service's own data.
 *
 * <p>Sending is asynchronous: a call returns once the record is handed to the producer, which blocks only while it
 * has no metadata for the topic or no buffer space (its {@code max.block.ms}). The returned future completes on the
 * producer's network thread, so dependent stages must not block (use the {@code *Async} variants for slow work). A
 * failed send completes it exceptionally with the producer's error, is counted in {@link #failedCount()} and logged
 * at WARN, at most one line per ten seconds. Bad input (an object that is not an event, an event without a route,
 * a payload too large) throws {@link com.karrot.kafka.event.InvalidEventException} at the call. Thread-safe; closing
 * it closes its producer.
 */
public final class DirectEventPublisher implements AutoCloseable {

    private static final Log logger = LogFactory.getLog(DirectEventPublisher.class);

    private final Producer<String, byte[]> producer;

    private final EnvelopeWriter envelope;

    private final LogThrottle failures = new LogThrottle(logger, Duration.ofSeconds(10));

    private final LongAdder sent = new LongAdder();

    private final LongAdder failed = new LongAdder();

    private DirectEventPublisher(Builder builder) {
        this.producer = builder.producer;
        this.envelope = builder.envelope();
    }

    /**
     * Starts a builder.
     * @param producer the producer to send with, owned by the publisher from now on; use durable settings
     * ({@code acks=all}, idempotence), which also keep the records of one key in order
     * @return the builder
     */
    public static Builder builder(Producer<String, byte[]> producer) {
        return new Builder(producer);
    }

    /**
     * Sends an event to the topic of its route, keyed by its aggregate id.
     * @param event an instance of {@link com.karrot.kafka.event.KarrotEvent} or of a class annotated with
     * {@link com.karrot.kafka.event.EventType}
     * @return where it was written, once Kafka acknowledged it
     * @throws com.karrot.kafka.event.InvalidEventException when the event cannot be published
     */
    public CompletableFuture<PublishedEvent> publish(Object event) {
        return publish(event, Map.of());
    }

    /**
     * Sends an event to the topic of its route, keyed by its aggregate id, with extra record headers.
     * @param event the event
     * @param headers extra headers (UTF-8 values); must not override {@code ce_*} headers or {@code content-type}
     * @return where it was written, once Kafka acknowledged it
     * @throws com.karrot.kafka.event.InvalidEventException when the event cannot be published
     */
    public CompletableFuture<PublishedEvent> publish(Object event, Map<String, String> headers) {
        Assert.notNull(headers, "headers must not be null");
        OutboxRecord record = this.envelope.write(event, headers, null, 1);
        return send(record, EnvelopeWriter.toProducerRecord(record));
    }

    /**
     * Sends an event to a topic of the caller's choice with a key of its choice, bypassing the route; the
     * {@code ce_subject} header still names the event's aggregate id.
     * @param topic the topic
     * @param key the record key
     * @param event the event
     * @return where it was written, once Kafka acknowledged it
     * @throws com.karrot.kafka.event.InvalidEventException when the event cannot be published
     */
    public CompletableFuture<PublishedEvent> publish(String topic, String key, Object event) {
        Assert.hasText(topic, "topic must not be empty");
        Assert.notNull(key, "key must not be null");
        OutboxRecord record = this.envelope.write(event, Map.of(), topic, 1);
        return send(record, EnvelopeWriter.toProducerRecord(record, key));
    }

    /**
     * Sends events in the order given, without waiting for one before sending the next; events of one aggregate
     * land in order. Every event is checked before any is sent, so bad input sends nothing.
     * @param events the events
     * @return where each was written, in the order given, once Kafka acknowledged all; if a send fails the future
     * fails with its error, and the other events may have been written
     * @throws com.karrot.kafka.event.InvalidEventException when one of the events cannot be published
     */
    public CompletableFuture<List<PublishedEvent>> publishAll(Collection<?> events) {
        Assert.notNull(events, "events must not be null");
        List<OutboxRecord> records = new ArrayList<>(events.size());
        for (Object event : events) {
            records.add(this.envelope.write(event, Map.of(), null, 1));
        }
        List<CompletableFuture<PublishedEvent>> sends = new ArrayList<>(records.size());
        for (OutboxRecord record : records) {
            sends.add(send(record, EnvelopeWriter.toProducerRecord(record)));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
            .thenApply(done -> sends.stream().map(CompletableFuture::join).toList());
    }

    /**
     * How many events Kafka acknowledged since the publisher was built.
     * @return the count
     */
    public long sentCount() {
        return this.sent.sum();
    }

    /**
     * How many sends failed since the publisher was built.
     * @return the count
     */
    public long failedCount() {
        return this.failed.sum();
    }

    private CompletableFuture<PublishedEvent> send(OutboxRecord event, ProducerRecord<String, byte[]> record) {
        CompletableFuture<PublishedEvent> result = new CompletableFuture<>();
        try {
            this.producer.send(record, (metadata, error) -> {
                if (error != null) {
                    fail(event, error, result);
                }
                else {
                    this.sent.increment();
                    result.complete(new PublishedEvent(event.eventId(), metadata.topic(), metadata.partition(),
                            metadata.offset()));
                }
            });
        }
        catch (RuntimeException ex) {
            fail(event, ex, result);
        }
        return result;
    }

    private void fail(OutboxRecord event, Throwable error, CompletableFuture<PublishedEvent> result) {
        this.failed.increment();
        this.failures.warn(() -> "Direct send of " + event.eventType() + " " + event.eventId() + " for "
                + event.aggregateType() + " " + event.aggregateId() + " to " + event.topic() + " failed: " + error,
                null);
        result.completeExceptionally(error);
    }

    /** Sends what is buffered and closes the producer. */
    @Override
    public void close() {
        this.producer.close();
    }

    /** Builds a {@link DirectEventPublisher}; the producer and a serializer are required. */
    public static final class Builder extends EnvelopeBuilder<Builder> {

        private final Producer<String, byte[]> producer;

        private Builder(Producer<String, byte[]> producer) {
            Assert.notNull(producer, "producer must not be null");
            this.producer = producer;
        }

        /**
         * Builds the publisher.
         * @return the publisher
         */
        public DirectEventPublisher build() {
            return new DirectEventPublisher(this);
        }
    }
}
