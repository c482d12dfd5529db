package com.karrot.kafka.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * The retention clean-up of an outbox that Debezium (or another change-data-capture relay) reads instead of
 * {@link OutboxRelay}: such a relay reads the database's log and deletes nothing, so this deletes the events older
 * than the retention, sent or not, every interval, in batches, on a daemon thread of its own. Run it only where the
 * built-in relay is off: with the relay on, events are deleted once sent, and this would delete unsent ones. A failed
 * round is logged and tried again at the next interval.
 */
public final class OutboxCleaner implements SmartLifecycle {

    /** The most events one statement deletes, so that a large backlog never holds long locks. */
    public static final int BATCH_SIZE = 1000;

    private static final Log logger = LogFactory.getLog(OutboxCleaner.class);

    private final OutboxStore store;

    private final Duration retention;

    private final Duration interval;

    private final Clock clock;

    private @Nullable ScheduledExecutorService executor;

    /**
     * Creates the cleaner.
     * @param store the outbox
     * @param retention how long an event is kept after it was published
     * @param interval how often old events are looked for
     * @param clock the clock against which ages are measured
     */
    public OutboxCleaner(OutboxStore store, Duration retention, Duration interval, Clock clock) {
        Assert.notNull(store, "store must not be null");
        Assert.isTrue(retention != null && !retention.isNegative() && !retention.isZero(), "retention must be positive");
        Assert.isTrue(interval != null && !interval.isNegative() && !interval.isZero(), "interval must be positive");
        Assert.notNull(clock, "clock must not be null");
        this.store = store;
        this.retention = retention;
        this.interval = interval;
        this.clock = clock;
    }

    /**
     * Deletes every event older than the retention now, batch after batch.
     * @return how many events were deleted
     */
    public int clean() {
        Instant cutoff = this.clock.instant().minus(this.retention);
        int total = 0;
        int deleted;
        do {
            deleted = this.store.deleteCreatedBefore(cutoff, BATCH_SIZE);
            total += deleted;
        }
        while (deleted >= BATCH_SIZE && !Thread.currentThread().isInterrupted());
        if (total > 0) {
            logger.info("Outbox clean-up: deleted " + total + " events published before " + cutoff);
        }
        return total;
    }

    private void cleanQuietly() {
        try {
            clean();
        }
        catch (RuntimeException ex) {
            logger.warn("Outbox clean-up: deleting events older than " + this.retention + " failed; trying again in "
                    + this.interval, ex);
        }
    }

    @Override
    public synchronized void start() {
        if (this.executor != null) {
            return;
        }
        logger.info("Outbox clean-up: the built-in relay is off; events older than " + this.retention
                + " are deleted every " + this.interval);
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "karrot-outbox-cleaner");
            thread.setDaemon(true);
            return thread;
        });
        this.executor.scheduleWithFixedDelay(this::cleanQuietly, 0, this.interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (this.executor == null) {
            return;
        }
        this.executor.shutdownNow();
        try {
            this.executor.awaitTermination(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        this.executor = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return this.executor != null;
    }
}
