package com.karrot.kafka.listener;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Deletes inbox entries older than the retention, every interval, in batches, on a daemon thread of its own. A
 * redelivery older than the retention is processed again, so keep it well above the longest time a record may
 * wait to be redelivered (consumer lag, a reset of offsets). Started with the application context, only when
 * {@code needed} says some listener uses the inbox; stopped with it.
 */
public final class InboxCleaner implements SmartLifecycle {

    /** The most entries one statement deletes, so that a large backlog never holds long locks. */
    public static final int BATCH_SIZE = 1000;

    private static final Log logger = LogFactory.getLog(InboxCleaner.class);

    private final InboxStore store;

    private final Duration retention;

    private final Duration interval;

    private final BooleanSupplier needed;

    private final Clock clock;

    private volatile @Nullable ScheduledExecutorService executor;

    /**
     * Creates the cleaner.
     * @param store the inbox
     * @param retention how long entries are kept
     * @param interval time between two clean-ups
     * @param needed asked at start: whether any listener uses the inbox
     * @param clock tells the time
     */
    public InboxCleaner(InboxStore store, Duration retention, Duration interval, BooleanSupplier needed, Clock clock) {
        Assert.notNull(store, "store must not be null");
        Assert.isTrue(retention != null && !retention.isNegative() && !retention.isZero(), "retention must be positive");
        Assert.isTrue(interval != null && !interval.isNegative() && !interval.isZero(), "interval must be positive");
        Assert.notNull(needed, "needed must not be null");
        Assert.notNull(clock, "clock must not be null");
        this.store = store;
        this.retention = retention;
        this.interval = interval;
        this.needed = needed;
        this.clock = clock;
    }

    /**
     * Deletes every entry older than the retention, one batch after the other.
     * @return how many were deleted
     */
    public int clean() {
        int total = 0;
        int deleted;
        do {
            deleted = this.store.deleteProcessedBefore(this.clock.instant().minus(this.retention), BATCH_SIZE);
            total += deleted;
        }
        while (deleted >= BATCH_SIZE && !Thread.currentThread().isInterrupted());
        return total;
    }

    private void cleanQuietly() {
        try {
            int deleted = clean();
            if (deleted > 0 && logger.isDebugEnabled()) {
                logger.debug("Deleted " + deleted + " inbox entries older than " + this.retention);
            }
        }
        catch (RuntimeException ex) {
            // the next run tries again; a missed clean-up only keeps entries longer
            logger.warn("Could not delete old inbox entries: " + ex.getMessage());
        }
    }

    @Override
    public void start() {
        if (this.executor != null || !this.needed.getAsBoolean()) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "karrot-inbox-cleaner");
            thread.setDaemon(true);
            return thread;
        });
        this.executor = executor;
        long millis = this.interval.toMillis();
        executor.scheduleWithFixedDelay(this::cleanQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = this.executor;
        this.executor = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return this.executor != null;
    }
}
