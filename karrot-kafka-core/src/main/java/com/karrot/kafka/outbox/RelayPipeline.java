package com.karrot.kafka.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;

/**
 * Keeps the database busy while Kafka is: while one batch waits for its acknowledgements, a second thread deletes
 * what the previous batch got acknowledged and reads the batch after this one. The read ahead is a first read
 * that leaves out the batch in flight, not a read of what follows it: an event that came due meanwhile below the
 * batch in flight (a retry, a late commit, events an operator's discard set free) is read in its place, before
 * the later events of its aggregate. Batches are still sent strictly one after the other, and a batch read ahead
 * is thrown away unless every event of the batch before it was acknowledged, or when the relay's shards changed,
 * so ordering and failure handling are those of sending one batch at a time.
 * Used by the relay thread only; at most one database statement of the relay runs at a time.
 */
final class RelayPipeline implements AutoCloseable {

    private final OutboxStore store;

    private final OutboxRelaySettings settings;

    private final OutboxRelayObserver observer;

    private final Clock clock;

    private final ExecutorService database = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "karrot-outbox-relay-db");
        thread.setDaemon(true);
        return thread;
    });

    private List<OutboxRecord> acked = List.of();

    private @Nullable Instant ackedAt;

    private @Nullable List<OutboxRecord> readAhead;

    private @Nullable Set<Integer> readAheadShards;

    RelayPipeline(OutboxStore store, OutboxRelaySettings settings, OutboxRelayObserver observer, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.observer = observer;
        this.clock = clock;
    }

    /**
     * The batch to send now: the one read ahead for the same shards, or one read now. A read now leaves out the
     * events acknowledged but not deleted yet, rather than waiting for their delete, which then overlaps the send of
     * this batch: a commit's wake-up does not wait for the delete of the batch before.
     */
    List<OutboxRecord> nextBatch(Set<Integer> shards, boolean allShards) {
        List<OutboxRecord> batch = this.readAhead;
        this.readAhead = null;
        if (batch != null && Objects.equals(this.readAheadShards, shards)) {
            return batch;
        }
        List<Long> ackedIds = this.acked.stream().map(OutboxRecord::id).toList();
        return this.store.fetchDue(allShards ? null : shards, this.clock.instant(), this.settings.ordering(),
                this.settings.batchSize(), ackedIds);
    }

    /**
     * Starts the database work that overlaps a batch in flight: deleting what the previous batch got acknowledged,
     * then, when this batch is full, reading the next one without the events in flight.
     */
    Future<@Nullable List<OutboxRecord>> whileInFlight(List<OutboxRecord> inFlight, Set<Integer> shards, boolean allShards) {
        List<OutboxRecord> toDelete = this.acked;
        Instant deletedAckedAt = this.ackedAt;
        boolean readAhead = inFlight.size() >= this.settings.batchSize();
        List<Long> inFlightIds = inFlight.stream().map(OutboxRecord::id).toList();
        this.readAheadShards = shards;
        return this.database.submit(() -> {
            delete(toDelete, deletedAckedAt);
            return readAhead ? this.store.fetchDue(allShards ? null : shards, this.clock.instant(),
                    this.settings.ordering(), this.settings.batchSize(), inFlightIds) : null;
        });
    }

    /**
     * Ends a batch: waits for the overlapping database work, keeps what was just acknowledged for the next delete,
     * and keeps the batch read ahead only when the caller may send it: when every event in flight was acknowledged.
     * @return whether a batch was read ahead and kept
     */
    boolean settle(Future<@Nullable List<OutboxRecord>> work, List<OutboxRecord> nowAcked, Instant nowAckedAt,
            boolean keepReadAhead) {
        List<OutboxRecord> next = await(work);
        this.acked = nowAcked;
        this.ackedAt = nowAckedAt;
        this.readAhead = keepReadAhead && next != null && !next.isEmpty() ? next : null;
        // deleted while the next batch is in flight, or by the relay once it finds nothing more to send
        return this.readAhead != null;
    }

    /** Waits for the overlapping work and drops its result, after an outage or a failure of the relay. */
    void abandon(Future<@Nullable List<OutboxRecord>> work) {
        await(work);
        this.readAhead = null;
    }

    /** Whether events were acknowledged and are not deleted yet. */
    boolean hasAcked() {
        return !this.acked.isEmpty();
    }

    void deleteAcked() {
        List<OutboxRecord> records = this.acked;
        delete(records, this.ackedAt);
        this.acked = List.of();
    }

    void dropReadAhead() {
        this.readAhead = null;
    }

    private void delete(List<OutboxRecord> records, @Nullable Instant at) {
        if (!records.isEmpty()) {
            this.store.delete(records);
            this.observer.sent(records, at);
        }
    }

    private @Nullable List<OutboxRecord> await(Future<@Nullable List<OutboxRecord>> work) {
        try {
            List<OutboxRecord> result = work.get();
            // the work deleted the previous batch's acknowledged events
            this.acked = List.of();
            return result;
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(ex.getCause());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the outbox database", ex);
        }
    }

    @Override
    public void close() {
        this.database.shutdownNow();
    }
}
