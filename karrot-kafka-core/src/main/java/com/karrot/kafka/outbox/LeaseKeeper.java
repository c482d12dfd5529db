package com.karrot.kafka.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Refreshes a relay's leases from a thread of its own ({@code karrot-outbox-lease}) every quarter of the lease (see
 * {@link ShardOwnership#keepAlive}) while the relay thread is idle or in a batch within its deadline, so that the
 * lease need not be as long as a batch may take and the relay thread does not wait for the lease statements. A
 * relay thread stuck past its deadline (hung in a call that never returns) lets its leases run out, as a dead relay
 * does, so that another relay takes its shards.
 */
final class LeaseKeeper {

    private static final Log logger = LogFactory.getLog(LeaseKeeper.class);

    private final ShardOwnership ownership;

    private final Clock clock;

    private final Duration every;

    private final Duration longestBatch;

    private @Nullable ScheduledExecutorService thread;

    private volatile long busySince;

    private volatile boolean busy;

    LeaseKeeper(ShardOwnership ownership, Clock clock, Duration lease, Duration longestBatch) {
        this.ownership = ownership;
        this.clock = clock;
        this.every = ShardOwnership.renewalInterval(lease);
        this.longestBatch = longestBatch;
    }

    void start() {
        this.busy = false;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread keeper = new Thread(runnable, "karrot-outbox-lease");
            keeper.setDaemon(true);
            return keeper;
        });
        long millis = Math.max(1, this.every.toMillis());
        this.thread.scheduleWithFixedDelay(this::keep, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The relay thread begins a batch. */
    void busy() {
        this.busySince = System.nanoTime();
        this.busy = true;
    }

    /** The relay thread ended its batch and waits. */
    void idle() {
        this.busy = false;
    }

    /** Stops renewing; waits for a renewal under way, so that it cannot beat a heartbeat after the relay left. */
    void stop(Duration wait) {
        if (this.thread == null) {
            return;
        }
        this.thread.shutdown();
        try {
            this.thread.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        this.thread = null;
    }

    private void keep() {
        if (this.busy && System.nanoTime() - this.busySince > this.longestBatch.toNanos()) {
            return;
        }
        try {
            this.ownership.keepAlive(this.clock.instant());
        }
        catch (RuntimeException ex) {
            logger.debug("Could not renew the outbox shard leases; trying again shortly", ex);
        }
    }
}
