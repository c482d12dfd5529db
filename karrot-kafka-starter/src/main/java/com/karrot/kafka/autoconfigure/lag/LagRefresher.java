package com.karrot.kafka.autoconfigure.lag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import com.karrot.kafka.lag.ConsumerLagReader;
import com.karrot.kafka.lag.LagReport;
import com.karrot.kafka.lag.TopicMonitor;
import com.karrot.kafka.lag.TopicReport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Refreshes the lag reader and the topic monitor every refresh interval on a daemon thread of its own, and gives
 * the endpoints and the health a report no older than two intervals, refreshing on the caller's thread (within the
 * readers' timeout) when the scheduled refresh has not kept it fresh. A failed scheduled refresh is logged as a
 * warning at most once a minute; the last good reports stay as they were.
 */
final class LagRefresher implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(LagRefresher.class);

    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final ConsumerLagReader lagReader;

    private final TopicMonitor topicMonitor;

    private final Duration interval;

    private final Clock clock;

    private final Supplier<List<LagReportListener>> listeners;

    private @Nullable ScheduledExecutorService executor;

    private long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

    LagRefresher(ConsumerLagReader lagReader, TopicMonitor topicMonitor, Duration interval, Clock clock,
            Supplier<List<LagReportListener>> listeners) {
        this.lagReader = lagReader;
        this.topicMonitor = topicMonitor;
        this.interval = interval;
        this.clock = clock;
        this.listeners = listeners;
    }

    /**
     * The last lag report, or a new one when there is none or it is older than two refresh intervals.
     * @throws com.karrot.kafka.lag.MonitoringException when a refresh was needed and failed
     */
    LagReport lagReport() {
        return fresh(this.lagReader.lastReport(), LagReport::time).orElseGet(this::refreshLag);
    }

    /**
     * The last topic report, or a new one when there is none or it is older than two refresh intervals.
     * @throws com.karrot.kafka.lag.MonitoringException when a refresh was needed and failed
     */
    TopicReport topicReport() {
        return fresh(this.topicMonitor.lastReport(), TopicReport::time).orElseGet(this.topicMonitor::refresh);
    }

    private <T> Optional<T> fresh(Optional<T> report, Function<T, Instant> time) {
        Instant oldest = this.clock.instant().minus(this.interval.multipliedBy(2));
        return report.filter(candidate -> !time.apply(candidate).isBefore(oldest));
    }

    private LagReport refreshLag() {
        LagReport report = this.lagReader.refresh();
        for (LagReportListener listener : this.listeners.get()) {
            listener.refreshed(report);
        }
        return report;
    }

    private void refreshBoth() {
        try {
            refreshLag();
            this.topicMonitor.refresh();
        }
        catch (RuntimeException ex) {
            if (Thread.currentThread().isInterrupted()) {
                // stopped while refreshing: the application is shutting down, nothing went wrong
                return;
            }
            long now = System.nanoTime();
            if (now - this.lastWarning >= WARN_EVERY_NANOS) {
                this.lastWarning = now;
                logger.warn("Could not refresh consumer lag and topics (logged at most once a minute): "
                        + ex.getMessage());
            }
        }
    }

    @Override
    public synchronized void start() {
        if (this.executor == null) {
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "karrot-kafka-lag");
                thread.setDaemon(true);
                return thread;
            });
            executor.scheduleWithFixedDelay(this::refreshBoth, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
            this.executor = executor;
        }
    }

    @Override
    public synchronized void stop() {
        if (this.executor != null) {
            this.executor.shutdownNow();
            this.executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return this.executor != null;
    }
}
