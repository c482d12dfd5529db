package com.karrot.kafka.listener;

import java.time.Duration;

import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;

/**
 * Blocking retries of a failing record: the record is delivered again, in place, after exponentially growing
 * waits, up to {@code maxAttempts} deliveries in all; later records of its partition wait meanwhile.
 *
 * @param maxAttempts deliveries of a failing record, the first one included; 1 means no retry
 * @param initialInterval wait before the first retry
 * @param multiplier growth of each wait over the previous one, at least 1
 * @param maxInterval longest wait, at least {@code initialInterval}
 */
public record ListenerRetry(int maxAttempts, Duration initialInterval, double multiplier, Duration maxInterval) {

    /** Three attempts, waiting 1 s then 2 s, never more than 30 s. */
    public static final ListenerRetry DEFAULTS = new ListenerRetry(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));

    /**
     * Creates the settings.
     * @throws IllegalArgumentException when a value is out of range
     */
    public ListenerRetry {
        Assert.isTrue(maxAttempts > 0, () -> "maxAttempts must be positive, was " + maxAttempts);
        Assert.isTrue(initialInterval != null && !initialInterval.isNegative(),
                () -> "initialInterval must not be negative, was " + initialInterval);
        Assert.isTrue(multiplier >= 1.0, () -> "multiplier must be at least 1, was " + multiplier);
        Assert.isTrue(maxInterval != null && maxInterval.compareTo(initialInterval) >= 0,
                () -> "maxInterval (" + maxInterval + ") must not be below initialInterval (" + initialInterval + ")");
    }

    BackOff backOff() {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(this.maxAttempts - 1);
        backOff.setInitialInterval(this.initialInterval.toMillis());
        backOff.setMultiplier(this.multiplier);
        backOff.setMaxInterval(this.maxInterval.toMillis());
        return backOff;
    }
}
