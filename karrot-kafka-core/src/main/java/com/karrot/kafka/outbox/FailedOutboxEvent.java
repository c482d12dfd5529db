package com.karrot.kafka.outbox;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An event whose sends failed.
 *
 * @param eventId the event id
 * @param eventType the event type
 * @param aggregateType the aggregate type
 * @param aggregateId the aggregate id
 * @param topic the destination topic
 * @param status {@code FAILED} when it waits for an operator, {@code RETRYING} while it is retried
 * @param attempts failed attempts so far
 * @param lastError why the last attempt failed
 * @param lastFailedAt when the last attempt failed
 * @param nextAttemptAt when it is tried again, or {@code null} when it waits for an operator
 * @param createdAt when it was published
 */
public record FailedOutboxEvent(String eventId, String eventType, String aggregateType, String aggregateId,
        String topic, String status, int attempts, String lastError, Instant lastFailedAt, @Nullable Instant nextAttemptAt,
        Instant createdAt) {
}
