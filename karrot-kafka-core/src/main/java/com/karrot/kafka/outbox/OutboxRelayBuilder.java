package com.karrot.kafka.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/** Builds an {@link OutboxRelay}. Every setting has a default; see each method. */
public final class OutboxRelayBuilder {

    private static final int MAX_BATCH_SIZE = 10_000;

    /**
     * How long acknowledged events wait to be deleted with those acknowledged after them: at a steady state one
     * delete, and one commit, for the events of 20 ms rather than one for each small batch.
     */
    static final Duration DELETE_DELAY = Duration.ofMillis(20);

    private final OutboxStore store;

    private final ShardLeaseStore leases;

    private final Supplier<Producer<String, byte[]>> producers;

    private final Supplier<Admin> admins;

    private String instanceId = UUID.randomUUID().toString();

    private int shards = 16;

    private int batchSize = 1000;

    private Duration pollInterval = Duration.ofMillis(500);

    private Duration leaseDuration = Duration.ofSeconds(8);

    private Duration sendTimeout = Duration.ofSeconds(10);

    private int maxAttempts = 10;

    private RetryBackoff backoff = RetryBackoff.DEFAULT;

    private Duration maxOutagePause = Duration.ofSeconds(10);

    private @Nullable Duration failedRetryInterval;

    private OrderingMode ordering = OrderingMode.PER_AGGREGATE;

    private Duration deleteDelay = DELETE_DELAY;

    private OutboxRelayObserver observer = OutboxRelayObserver.NONE;

    private Clock clock = Clock.systemUTC();

    OutboxRelayBuilder(OutboxStore store, ShardLeaseStore leases, Supplier<Producer<String, byte[]>> producers,
            Supplier<Admin> admins) {
        Assert.notNull(store, "store must not be null");
        Assert.notNull(leases, "leases must not be null");
        Assert.notNull(producers, "producers must not be null");
        Assert.notNull(admins, "admins must not be null");
        this.store = store;
        this.leases = leases;
        this.producers = producers;
        this.admins = admins;
    }

    /**
     * Names this relay in the lease table (default: a random UUID).
     * @param instanceId a name unique among the service's instances
     * @return this builder
     */
    public OutboxRelayBuilder instanceId(String instanceId) {
        Assert.hasText(instanceId, "instanceId must not be empty");
        this.instanceId = instanceId;
        return this;
    }

    /**
     * Sets the number of shards (default 16), the most relays that share the work; must match the publisher's.
     * @param shards a positive number
     * @return this builder
     */
    public OutboxRelayBuilder shards(int shards) {
        Assert.isTrue(shards > 0, "shards must be positive");
        this.shards = shards;
        return this;
    }

    /**
     * Sets the most events read and sent at once (default 1000).
     * @param batchSize from 1 to 10,000 (the read that overlaps a batch in flight names the batch's ids)
     * @return this builder
     */
    public OutboxRelayBuilder batchSize(int batchSize) {
        Assert.isTrue(batchSize > 0 && batchSize <= MAX_BATCH_SIZE, "batchSize must be between 1 and " + MAX_BATCH_SIZE);
        this.batchSize = batchSize;
        return this;
    }

    /**
     * Sets how often an idle relay looks for events nobody woke it for (default 500 ms).
     * @param pollInterval a positive duration
     * @return this builder
     */
    public OutboxRelayBuilder pollInterval(Duration pollInterval) {
        Assert.isTrue(positive(pollInterval), "pollInterval must be positive");
        this.pollInterval = pollInterval;
        return this;
    }

    /**
     * Sets the lease on shards (default 8 s): how long the shards of a relay that died stay stalled, at most
     * a quarter more. A live relay renews every quarter of it, also in the middle of a batch, and loses its
     * shards only when it could not renew for three quarters of it (a GC pause, a starved thread, a stalled
     * database): a longer lease tolerates longer stalls, a shorter one takes a dead relay's shards over sooner.
     * @param leaseDuration a positive duration
     * @return this builder
     */
    public OutboxRelayBuilder leaseDuration(Duration leaseDuration) {
        Assert.isTrue(positive(leaseDuration), "leaseDuration must be positive");
        this.leaseDuration = leaseDuration;
        return this;
    }

    /**
     * Sets how long one batch may take to be acknowledged (default 10 s). Events not acknowledged by then count as
     * a failed attempt, and the relay closes its producer so that nothing of the batch is still sent behind them.
     * @param sendTimeout a positive duration
     * @return this builder
     */
    public OutboxRelayBuilder sendTimeout(Duration sendTimeout) {
        Assert.isTrue(positive(sendTimeout), "sendTimeout must be positive");
        this.sendTimeout = sendTimeout;
        return this;
    }

    /**
     * Sets the attempts after which a retriable failure makes an event FAILED (default 10).
     * @param maxAttempts a positive number
     * @return this builder
     */
    public OutboxRelayBuilder maxAttempts(int maxAttempts) {
        Assert.isTrue(maxAttempts > 0, "maxAttempts must be positive");
        this.maxAttempts = maxAttempts;
        return this;
    }

    /**
     * Sets the back-off between attempts of an event (default {@link RetryBackoff#DEFAULT}).
     * @param backoff the back-off
     * @return this builder
     */
    public OutboxRelayBuilder backoff(RetryBackoff backoff) {
        Assert.notNull(backoff, "backoff must not be null");
        this.backoff = backoff;
        return this;
    }

    /**
     * Sets the longest pause while the cluster does not answer (default 10 s); the relay probes the cluster
     * meanwhile and resumes as soon as it answers.
     * @param maxOutagePause a positive duration
     * @return this builder
     */
    public OutboxRelayBuilder maxOutagePause(Duration maxOutagePause) {
        Assert.isTrue(positive(maxOutagePause), "maxOutagePause must be positive");
        this.maxOutagePause = maxOutagePause;
        return this;
    }

    /**
     * Makes FAILED events due again after an interval, as the old platform's scheduler did (default: never;
     * they wait for an operator).
     * @param failedRetryInterval a positive duration, or {@code null} for never
     * @return this builder
     */
    public OutboxRelayBuilder failedRetryInterval(@Nullable Duration failedRetryInterval) {
        Assert.isTrue(failedRetryInterval == null || positive(failedRetryInterval),
                "failedRetryInterval must be positive");
        this.failedRetryInterval = failedRetryInterval;
        return this;
    }

    /**
     * Sets whether events of an aggregate wait behind its failing events (default
     * {@link OrderingMode#PER_AGGREGATE}).
     * @param ordering the ordering mode
     * @return this builder
     */
    public OutboxRelayBuilder ordering(OrderingMode ordering) {
        Assert.notNull(ordering, "ordering must not be null");
        this.ordering = ordering;
        return this;
    }

    /**
     * Sets the observer of sends and failures (default: none).
     * @param observer the observer
     * @return this builder
     */
    public OutboxRelayBuilder observer(OutboxRelayObserver observer) {
        Assert.notNull(observer, "observer must not be null");
        this.observer = observer;
        return this;
    }

    /**
     * Sets the clock for retry times and leases (default UTC system clock; instances must agree on time to well
     * within the lease).
     * @param clock the clock
     * @return this builder
     */
    public OutboxRelayBuilder clock(Clock clock) {
        Assert.notNull(clock, "clock must not be null");
        this.clock = clock;
        return this;
    }

    /**
     * Sets how long acknowledged events may wait to be deleted together with those acknowledged after them, unless
     * a batch's worth waits (default {@link #DELETE_DELAY}); tests set it.
     */
    OutboxRelayBuilder deleteDelay(Duration deleteDelay) {
        Assert.isTrue(deleteDelay != null && !deleteDelay.isNegative(), "deleteDelay must not be negative");
        this.deleteDelay = deleteDelay;
        return this;
    }

    /**
     * Builds the relay, not yet started.
     * @return the relay
     */
    public OutboxRelay build() {
        OutboxRelaySettings settings = new OutboxRelaySettings(this.instanceId, this.shards, this.batchSize,
                this.pollInterval, this.leaseDuration, this.sendTimeout, this.maxAttempts, this.backoff,
                this.maxOutagePause, this.failedRetryInterval, this.ordering, this.deleteDelay);
        return new OutboxRelay(this.store, this.leases, this.producers, this.admins, settings, this.observer,
                this.clock);
    }

    private static boolean positive(@Nullable Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }
}
