package com.karrot.kafka.listener;

import java.time.Instant;

import org.springframework.util.Assert;

/**
 * One event processed by an idempotent listener, as the inbox records it. The consumer group and the event id
 * ({@code ce_id}) are its key; the rest says where and when it was processed.
 *
 * @param consumerGroup the consumer group of the listener
 * @param eventId the event id ({@code ce_id})
 * @param listenerId the listener container id
 * @param topic the topic of the record
 * @param partition the partition of the record
 * @param offset the offset of the record
 * @param processedAt when the handler was called
 */
public record InboxEntry(String consumerGroup, String eventId, String listenerId, String topic, int partition,
        long offset, Instant processedAt) {

    /** Checks the key. */
    public InboxEntry {
        Assert.hasText(consumerGroup, "consumerGroup must not be empty");
        Assert.hasText(eventId, "eventId must not be empty");
        Assert.notNull(processedAt, "processedAt must not be null");
    }
}
