package com.karrot.kafka.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.karrot.kafka.outbox.OutboxRecord;
import com.karrot.kafka.outbox.OutboxRelayObserver;

/**
 * Hears the relay: counts acknowledged events, keeps the time of the last acknowledgement and, when asked,
 * the acknowledgement time of every event id, for commit-to-ack latency. Failures and outages are counted, so
 * that a run that only looks fast because events failed shows it.
 */
final class AckRecorder implements OutboxRelayObserver {

    private final Map<String, Instant> ackedAt;

    private final AtomicLong acked = new AtomicLong();

    private final AtomicLong failures = new AtomicLong();

    private final AtomicLong outages = new AtomicLong();

    private volatile Instant lastAckedAt;

    private volatile long lastSentNanos;

    private AckRecorder(boolean perEvent) {
        this.ackedAt = perEvent ? new ConcurrentHashMap<>() : null;
    }

    /** Counts acknowledgements only. */
    static AckRecorder counting() {
        return new AckRecorder(false);
    }

    /** Also keeps when each event was acknowledged. */
    static AckRecorder perEvent() {
        return new AckRecorder(true);
    }

    @Override
    public void sent(List<OutboxRecord> sent, Instant at) {
        if (this.ackedAt != null) {
            for (OutboxRecord record : sent) {
                this.ackedAt.put(record.eventId(), at);
            }
        }
        this.lastAckedAt = at;
        // called after the relay deleted the batch: from here the events are gone from the outbox
        this.lastSentNanos = System.nanoTime();
        this.acked.addAndGet(sent.size());
    }

    @Override
    public void failed(OutboxRecord record, Throwable error, boolean failedForGood) {
        this.failures.incrementAndGet();
    }

    @Override
    public void outage(Throwable error) {
        this.outages.incrementAndGet();
    }

    long acked() {
        return this.acked.get();
    }

    long failures() {
        return this.failures.get();
    }

    long outages() {
        return this.outages.get();
    }

    Instant lastAckedAt() {
        return this.lastAckedAt;
    }

    /** When the relay last reported a batch, from {@link System#nanoTime()}: after it deleted the batch. */
    long lastSentNanos() {
        return this.lastSentNanos;
    }

    Instant ackedAt(String eventId) {
        return this.ackedAt.get(eventId);
    }

    /** Waits until at least {@code expected} events are acknowledged; returns whether they were in time. */
    boolean awaitAcked(long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (this.acked.get() < expected) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
