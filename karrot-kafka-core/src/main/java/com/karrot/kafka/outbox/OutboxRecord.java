package com.karrot.kafka.outbox;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One row of the outbox table: an event ready to be sent, with everything the relay needs to build the Kafka
 * record.
 *
 * @param id the store's sequence number, {@code null} before insertion; orders events of one aggregate
 * @param eventId the event id ({@code ce_id})
 * @param eventType the event type ({@code ce_type})
 * @param aggregateType the aggregate type
 * @param aggregateId the aggregate id, the record key
 * @param topic the destination topic
 * @param shard the relay shard the aggregate belongs to
 * @param payload the serialised record value
 * @param contentType the media type of the payload
 * @param headers further headers ({@code ce_source}, {@code traceparent}, user headers)
 * @param createdAt when the event was published
 * @param attempts how many sends failed so far
 */
public record OutboxRecord(@Nullable Long id, String eventId, String eventType, String aggregateType, String aggregateId,
        String topic, int shard, byte[] payload, String contentType, Map<String, String> headers, Instant createdAt,
        int attempts) {

    /**
     * Returns this record with the id the store gave it.
     * @param newId the id
     * @return a copy with the id set
     */
    public OutboxRecord withId(long newId) {
        return new OutboxRecord(newId, this.eventId, this.eventType, this.aggregateType, this.aggregateId, this.topic,
                this.shard, this.payload, this.contentType, this.headers, this.createdAt, this.attempts);
    }
}
