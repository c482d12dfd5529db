package com.karrot.kafka.benchmarks;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import com.karrot.kafka.outbox.FailedOutboxEvent;
import com.karrot.kafka.outbox.OrderingMode;
import com.karrot.kafka.outbox.OutboxRecord;
import com.karrot.kafka.outbox.OutboxStatistics;
import com.karrot.kafka.outbox.OutboxStore;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OutboxStore} that times the relay's two database steps, fetch and delete, around the real store.
 * What is left of a batch's time is the send and the wait for acknowledgements, so a drain's time splits into
 * its three phases without touching the relay. Costs two {@link System#nanoTime()} calls a step.
 */
final class TimedOutboxStore implements OutboxStore {

    private final OutboxStore delegate;

    private final LongAdder fetches = new LongAdder();

    private final LongAdder fetched = new LongAdder();

    private final LongAdder fetchNanos = new LongAdder();

    private final LongAdder emptyFetches = new LongAdder();

    private final LongAdder deletes = new LongAdder();

    private final LongAdder deleteNanos = new LongAdder();

    /** While on, the read that first returned each event, by event id. */
    private volatile @Nullable Map<String, Read> reads;

    TimedOutboxStore(OutboxStore delegate) {
        this.delegate = delegate;
    }

    /**
     * Time spent in the store's relay steps since the last reset.
     * @param fetches calls of fetchDue that returned events
     * @param fetched events they returned
     * @param fetchNanos time in those calls
     * @param deletes calls of delete
     * @param deleteNanos time in them
     * @param emptyFetches calls of fetchDue that returned none
     */
    record Timings(long fetches, long fetched, long fetchNanos, long deletes, long deleteNanos, long emptyFetches) {
    }

    /**
     * A read of due events that returned some.
     * @param started when the relay called the store
     * @param returned when the store returned the events
     */
    record Read(Instant started, Instant returned) {
    }

    /** Starts keeping the read that first returns each event, afresh. */
    void recordReads() {
        this.reads = new ConcurrentHashMap<>();
    }

    /** Stops keeping reads. */
    Map<String, Read> stopRecordingReads() {
        Map<String, Read> recorded = this.reads;
        this.reads = null;
        return recorded != null ? recorded : Map.of();
    }

    Timings timings() {
        return new Timings(this.fetches.sum(), this.fetched.sum(), this.fetchNanos.sum(), this.deletes.sum(),
                this.deleteNanos.sum(), this.emptyFetches.sum());
    }

    void reset() {
        this.fetches.reset();
        this.fetched.reset();
        this.fetchNanos.reset();
        this.deletes.reset();
        this.deleteNanos.reset();
        this.emptyFetches.reset();
    }

    @Override
    public List<OutboxRecord> fetchDue(Set<Integer> shards, Instant now, OrderingMode ordering, int limit,
            Collection<Long> inFlight) {
        Map<String, Read> recording = this.reads;
        Instant started = recording != null ? Instant.now() : null;
        long start = System.nanoTime();
        List<OutboxRecord> due = this.delegate.fetchDue(shards, now, ordering, limit, inFlight);
        // empty polls of an idle relay are not part of a batch
        if (due.isEmpty()) {
            this.emptyFetches.increment();
        }
        else {
            this.fetchNanos.add(System.nanoTime() - start);
            this.fetches.increment();
            this.fetched.add(due.size());
            if (recording != null) {
                Read read = new Read(started, Instant.now());
                due.forEach(event -> recording.putIfAbsent(event.eventId(), read));
            }
        }
        return due;
    }

    @Override
    public void delete(Collection<OutboxRecord> sent) {
        long start = System.nanoTime();
        this.delegate.delete(sent);
        this.deleteNanos.add(System.nanoTime() - start);
        this.deletes.increment();
    }

    @Override
    public void insert(OutboxRecord record) {
        this.delegate.insert(record);
    }

    @Override
    public boolean recordFailure(OutboxRecord record, String error, Instant at, Instant nextAttemptAt, boolean failed,
            String relayInstanceId) {
        return this.delegate.recordFailure(record, error, at, nextAttemptAt, failed, relayInstanceId);
    }

    @Override
    public int removeOrphanedFailures() {
        return this.delegate.removeOrphanedFailures();
    }

    @Override
    public OutboxStatistics statistics() {
        return this.delegate.statistics();
    }

    @Override
    public List<FailedOutboxEvent> findFailed(int page, int size) {
        return this.delegate.findFailed(page, size);
    }

    @Override
    public Optional<FailedOutboxEvent> findFailure(String eventId) {
        return this.delegate.findFailure(eventId);
    }

    @Override
    public boolean retry(String eventId, Instant now) {
        return this.delegate.retry(eventId, now);
    }

    @Override
    public int retryAllFailed(Instant now) {
        return this.delegate.retryAllFailed(now);
    }

    @Override
    public boolean discard(String eventId) {
        return this.delegate.discard(eventId);
    }
}
