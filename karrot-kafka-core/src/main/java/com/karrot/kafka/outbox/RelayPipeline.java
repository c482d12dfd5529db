package com.karrot.kafka.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;

/**
 * Keeps the database busy while Kafka is: while one batch waits for its acknowledgements, one thread deletes what
 * was acknowledged before and another reads the batch after this one, each on a connection of its own. The read
 * ahead is a first read that leaves out the batch in flight and the events acknowledged and not deleted yet, not a
 * read of what follows them: an event that came due meanwhile below the batch in flight (a retry, a late commit, events an
 * operator's discard set free) is read in its place, before the later events of its aggregate. The relay decides
 * whether the batch read ahead goes at once (see {@link OutboxRelay}). The relay thread does not wait for deletes,
 * whose commits may wait for the database's disk (see {@link #deleteWhenDue()}). Used by the relay thread only; at
 * most one read and one delete of the relay run at a time.
 */
final class RelayPipeline implements AutoCloseable {

    /** The most events a delete takes in one transaction from several acknowledgements (one alone may have more). */
    private static final int MAX_PER_DELETE = 5_000;

    /** Less time than this left until a delete is due counts as none: the relay does not wait for it. */
    private static final long MIN_WAIT_NANOS = 1_000_000;

    private final OutboxStore store;

    private final OutboxRelaySettings settings;

    private final OutboxRelayObserver observer;

    private final Clock clock;

    private final Runnable wakeUp;

    private final ExecutorService reader = Executors.newSingleThreadExecutor(runnable -> daemon(runnable,
            "karrot-outbox-relay-db"));

    private final ExecutorService deleter = Executors.newSingleThreadExecutor(runnable -> daemon(runnable,
            "karrot-outbox-relay-delete"));

    /** Events acknowledged and not deleted yet, with when they were acknowledged. */
    private List<Acked> acked = new ArrayList<>();

    /** The delete running, if any. */
    private @Nullable Future<?> deletion;

    /**
     * Events the running delete deletes, which it takes off as it deletes them: those left when it fails are
     * deleted later. Read by the relay thread once the delete is over.
     */
    private List<Acked> deleting = List.of();

    /** The ids of the events the running delete was given: left out of every read until it is over. */
    private List<Long> deletingIds = List.of();

    /** Whether events wait for the delete running to end: it then wakes the relay up. */
    private volatile boolean wakeWhenDeleted;

    /** The read started by {@link #readAfter}, not taken up yet. */
    private @Nullable ReadAfter readAfter;

    RelayPipeline(OutboxStore store, OutboxRelaySettings settings, OutboxRelayObserver observer, Clock clock,
            Runnable wakeUp) {
        this.store = store;
        this.wakeUp = wakeUp;
        this.settings = settings;
        this.observer = observer;
        this.clock = clock;
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * The batch to send now, read now. It leaves out the events acknowledged but not deleted yet, rather than
     * waiting for their delete, which then overlaps the send of this batch: a commit's wake-up does not wait for
     * the delete of the batch before.
     */
    List<OutboxRecord> nextBatch(Set<Integer> shards, boolean allShards) {
        return fetch(notDeletedYet(new ArrayList<>()), shards, allShards);
    }

    /**
     * Starts the database work that overlaps a batch in flight: deleting what was acknowledged before and, at the
     * same time, when this batch is full, reading the next one without the events in flight, acknowledged or
     * being deleted (see {@link #deleteWhenDue()}).
     * @return the read ahead, with {@code null} when none was started
     */
    Future<@Nullable List<OutboxRecord>> whileInFlight(List<OutboxRecord> inFlight, Set<Integer> shards, boolean allShards) {
        deleteWhenDue();
        if (inFlight.size() < this.settings.batchSize()) {
            dropReadAfter();
            return CompletableFuture.completedFuture(null);
        }
        ReadAfter started = this.readAfter;
        this.readAfter = null;
        if (started != null && started.shards().equals(shards)) {
            return started.work();
        }
        if (started != null) {
            await(started.work());
        }
        List<Long> excluded = new ArrayList<>(inFlight.size());
        inFlight.forEach(record -> excluded.add(record.id()));
        return read(notDeletedYet(excluded), shards, allShards);
    }

    /**
     * Starts reading the batch after {@code sending} before it is sent, while {@code inFlight} waits for its
     * acknowledgements: the next {@link #whileInFlight} takes this read up instead of starting one. The read leaves
     * out both batches and the events acknowledged and not deleted yet. It sees no failure of {@code inFlight}: the
     * relay drops it ({@link #dropReadAfter}) when that batch had one, so that the later events of its aggregates are
     * read once the failure is recorded.
     */
    void readAfter(List<OutboxRecord> inFlight, List<OutboxRecord> sending, Set<Integer> shards, boolean allShards) {
        dropReadAfter();
        List<Long> excluded = new ArrayList<>(inFlight.size() + sending.size());
        inFlight.forEach(record -> excluded.add(record.id()));
        sending.forEach(record -> excluded.add(record.id()));
        this.readAfter = new ReadAfter(read(notDeletedYet(excluded), shards, allShards), Set.copyOf(shards));
    }

    /** Waits for the read started by {@link #readAfter}, if any, and drops what it read. */
    void dropReadAfter() {
        ReadAfter started = this.readAfter;
        this.readAfter = null;
        if (started != null) {
            await(started.work());
        }
    }

    private Future<@Nullable List<OutboxRecord>> read(List<Long> excluded, Set<Integer> shards, boolean allShards) {
        return this.reader.submit(() -> fetch(excluded, shards, allShards));
    }

    private List<OutboxRecord> fetch(List<Long> excluded, Set<Integer> shards, boolean allShards) {
        return this.store.fetchDue(allShards ? null : shards, this.clock.instant(), this.settings.ordering(),
                this.settings.batchSize(), excluded);
    }

    /**
     * Starts deleting what was acknowledged once that is due: when a batch's worth waits, or the first of it was
     * acknowledged the delete delay ago. At a steady state of small batches, one delete and one commit then take
     * the events of that time rather than one each batch. See {@link #startDeleting()}.
     * @return how long until the events acknowledged are due, or zero when none wait or their delete was started
     */
    Duration deleteWhenDue() {
        if (this.acked.isEmpty()) {
            return Duration.ZERO;
        }
        long left = this.acked.get(0).nanos() + this.settings.deleteDelay().toNanos() - System.nanoTime();
        if (left >= MIN_WAIT_NANOS && ackedCount() < this.settings.batchSize()) {
            return Duration.ofNanos(left);
        }
        startDeleting();
        return Duration.ZERO;
    }

    /**
     * Starts deleting what was acknowledged, and returns without waiting for the delete: a delete's commit may wait
     * for the database's disk, and the relay thread answers the next commit's wake-up meanwhile. While a delete
     * runs, what is acknowledged since waits for the next one; the relay waits for the delete running only once a
     * batch's worth has piled up behind it, so that the ids every read leaves out stay few.
     */
    private void startDeleting() {
        Future<?> running = this.deletion;
        if (running != null && ackedCount() < this.settings.batchSize()) {
            // the relay is woken when the delete ends, to start the next: set before looking, so that a delete
            // that ends meanwhile sees it
            this.wakeWhenDeleted = true;
            if (!running.isDone()) {
                return;
            }
        }
        this.wakeWhenDeleted = false;
        finishDeletion();
        if (this.acked.isEmpty()) {
            return;
        }
        List<Acked> toDelete = this.acked;
        this.acked = new ArrayList<>();
        this.deleting = toDelete;
        this.deletingIds = addIds(toDelete, new ArrayList<>());
        CompletableFuture<Void> deletion = CompletableFuture.runAsync(() -> deleteAll(toDelete), this.deleter);
        // runs after the delete is done, as the relay sees it: a relay that found it not done has set the flag first
        deletion.whenComplete((deleted, error) -> {
            if (this.wakeWhenDeleted) {
                this.wakeUp.run();
            }
        });
        this.deletion = deletion;
    }

    /** Adds the ids of the events acknowledged and not deleted yet, which no read may return again. */
    private List<Long> notDeletedYet(List<Long> ids) {
        ids.addAll(this.deletingIds);
        return addIds(this.acked, ids);
    }

    private int ackedCount() {
        int count = 0;
        for (Acked group : this.acked) {
            count += group.records().size();
        }
        return count;
    }

    /**
     * Waits for the read ahead.
     * @return the batch read ahead, empty when none was read or none was due
     */
    List<OutboxRecord> readAhead(Future<@Nullable List<OutboxRecord>> work) {
        List<OutboxRecord> next = await(work);
        return next != null ? next : List.of();
    }

    /** Keeps events Kafka acknowledged for the next delete: while the next batch is in flight, or when idle. */
    void acknowledged(List<OutboxRecord> records, Instant at) {
        if (!records.isEmpty()) {
            this.acked.add(new Acked(records, at, System.nanoTime()));
        }
    }

    /**
     * Waits for the reads started, the read ahead given and the one of {@link #readAfter}, and drops what they read:
     * after a failure of the relay, or when it stops.
     */
    void abandon(@Nullable Future<@Nullable List<OutboxRecord>> work) {
        try {
            if (work != null) {
                await(work);
            }
        }
        finally {
            dropReadAfter();
        }
    }

    /** Deletes what was acknowledged, once the delete running has ended. */
    void deleteAcked() {
        finishDeletion();
        deleteAll(this.acked);
    }

    private static List<Long> addIds(List<Acked> acked, List<Long> ids) {
        acked.forEach(group -> group.records().forEach(record -> ids.add(record.id())));
        return ids;
    }

    /**
     * Deletes the events, those of several acknowledgements in one transaction up to {@value #MAX_PER_DELETE}, and
     * takes them off the list as they are deleted. At a steady state the acknowledgements of the rounds that came
     * while a delete waited for its commit go in the next one, not in one transaction each.
     */
    private void deleteAll(List<Acked> toDelete) {
        while (!toDelete.isEmpty()) {
            int groups = 0;
            List<OutboxRecord> records = new ArrayList<>();
            while (groups < toDelete.size() && (groups == 0
                    || records.size() + toDelete.get(groups).records().size() <= MAX_PER_DELETE)) {
                records.addAll(toDelete.get(groups++).records());
            }
            this.store.delete(records);
            for (int i = 0; i < groups; i++) {
                Acked acked = toDelete.remove(0);
                this.observer.sent(acked.records(), acked.at());
            }
        }
    }

    /** Waits for the delete running; what it did not delete is deleted later. */
    private void finishDeletion() {
        Future<?> running = this.deletion;
        if (running == null) {
            return;
        }
        List<Acked> left = this.deleting;
        this.deletion = null;
        this.deleting = List.of();
        this.deletingIds = List.of();
        try {
            await(running);
        }
        catch (RuntimeException ex) {
            this.acked.addAll(0, left);
            throw ex;
        }
    }

    private static <T> T await(Future<T> work) {
        try {
            return work.get();
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
        this.reader.shutdownNow();
        this.deleter.shutdownNow();
    }

    /**
     * Events acknowledged together.
     * @param at when, by the relay's clock
     * @param nanos when, by {@link System#nanoTime()}: for the delete delay, which a test clock does not move
     */
    private record Acked(List<OutboxRecord> records, Instant at, long nanos) {
    }

    private record ReadAfter(Future<@Nullable List<OutboxRecord>> work, Set<Integer> shards) {
    }
}
