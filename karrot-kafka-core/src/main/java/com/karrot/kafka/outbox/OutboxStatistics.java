package com.karrot.kafka.outbox;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What waits in the outbox.
 *
 * @param pending events not yet acknowledged by Kafka, failed ones included
 * @param failed events that failed for good and wait for an operator
 * @param oldestCreatedAt when the oldest pending event was published, or {@code null} when none is pending
 */
public record OutboxStatistics(long pending, long failed, @Nullable Instant oldestCreatedAt) {
}
