package com.karrot.kafka.outbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.util.Assert;

/**
 * Exponential back-off with jitter: the n-th retry waits {@code initial * multiplier^(n-1)}, capped at
 * {@code max}, then shortened by a random share of up to {@code jitter} so that events and instances that
 * failed together do not retry together.
 *
 * @param initial the wait before the first retry
 * @param multiplier how much each wait grows over the previous one, at least 1
 * @param max the longest wait
 * @param jitter the share of a wait taken off at random, from 0 (none) to 1
 */
public record RetryBackoff(Duration initial, double multiplier, Duration max, double jitter) {

    /** The default: 1 s, doubling, at most 5 min, up to 20 % jitter. */
    public static final RetryBackoff DEFAULT = new RetryBackoff(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5), 0.2);

    /**
     * Checks the parameters.
     * @param initial the wait before the first retry
     * @param multiplier the growth of each wait
     * @param max the longest wait
     * @param jitter the random share taken off
     */
    public RetryBackoff {
        Assert.isTrue(initial != null && !initial.isNegative(), "initial back-off must not be negative");
        Assert.isTrue(max != null && max.compareTo(initial) >= 0, "max back-off must not be below the initial one");
        Assert.isTrue(multiplier >= 1.0, "back-off multiplier must be at least 1");
        Assert.isTrue(jitter >= 0.0 && jitter <= 1.0, "back-off jitter must be between 0 and 1");
    }

    /**
     * The wait after a number of failed attempts.
     * @param failedAttempts failed attempts so far, at least 1
     * @return the wait before the next attempt
     */
    public Duration delayAfter(int failedAttempts) {
        double millis = this.initial.toMillis() * Math.pow(this.multiplier, Math.max(0, failedAttempts - 1));
        long capped = (long) Math.min(millis, this.max.toMillis());
        long jittered = capped - (long) (capped * this.jitter * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(jittered);
    }
}
