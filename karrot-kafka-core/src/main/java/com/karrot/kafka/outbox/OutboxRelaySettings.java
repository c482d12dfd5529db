package com.karrot.kafka.outbox;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/** The relay's tuning, checked and filled with defaults by {@link OutboxRelayBuilder}. */
record OutboxRelaySettings(String instanceId, int shards, int batchSize, Duration pollInterval, Duration leaseDuration,
        Duration sendTimeout, int maxAttempts, RetryBackoff backoff, Duration maxOutagePause,
        @Nullable Duration failedRetryInterval, OrderingMode ordering, Duration deleteDelay) {
}
