package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.Producer;

/**
 * Writes the events {@code 0 .. count - 1} to a topic once, as the outbox relay writes them: key = item id, the
 * JSON payload, the CloudEvents headers. Event {@code n} is the same record in every topic of a run, its
 * {@code ce_id} included; only the time of writing ({@code ce_time} and the record timestamp) differs.
 */
final class EventTopicWriter {

    private final BenchmarkKafka kafka;

    private final ItemSoldEvents events;

    private final long runId = UUID.randomUUID().getMostSignificantBits();

    EventTopicWriter(BenchmarkKafka kafka, ItemSoldEvents events) {
        this.kafka = kafka;
        this.events = events;
    }

    /**
     * Sends the events and waits for every acknowledgement.
     * @return how long it took
     * @throws IllegalStateException when the broker did not take every record
     */
    Duration write(String topic, int count) {
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        try (Producer<String, byte[]> producer = this.kafka.newBareProducer()) {
            for (int n = 0; n < count; n++) {
                producer.send(ItemSoldEvents.record(topic, ItemSoldEvents.event(n), this.events.payload(n),
                        new UUID(this.runId, n).toString(), Instant.now()), (metadata, error) -> {
                            if (error != null) {
                                errors.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        if (errors.get() > 0) {
            throw new IllegalStateException(errors.get() + " of " + count + " records could not be written to " + topic);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
