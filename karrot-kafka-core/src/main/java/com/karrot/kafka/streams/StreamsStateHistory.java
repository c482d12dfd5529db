package com.karrot.kafka.streams;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.util.Assert;

/**
 * What one Kafka Streams client went through: its state and since when, its recent state changes, the state stores
 * it is restoring and how far, and the last exception that ended one of its stream threads. The starter installs one
 * on each {@link StreamsBuilderFactoryBean} it configures, as its state listener, as its state restore listener and
 * as one of its {@linkplain StreamsBuilderFactoryBean#getListeners() listeners}, where
 * {@link #of(StreamsBuilderFactoryBean)} finds it, and reports to it from the uncaught exception handler; health and
 * endpoints read it. Unlike the client, it outlives a stop: after one it says {@code NOT_RUNNING}. Thread-safe; every
 * callback is short.
 */
public final class StreamsStateHistory
        implements KafkaStreams.StateListener, StateRestoreListener, StreamsBuilderFactoryBean.Listener {

    private static final int MAX_TRANSITIONS = 20;

    private final Clock clock;

    private final Deque<Transition> transitions = new ArrayDeque<>();

    private KafkaStreams.State state = KafkaStreams.State.CREATED;

    private Instant since;

    private @Nullable Failure lastFailure;

    private final Map<StorePartition, Restoration> restoring = new LinkedHashMap<>();

    /**
     * Creates a history that starts in {@link KafkaStreams.State#CREATED}.
     * @param clock the clock that stamps changes and failures
     */
    public StreamsStateHistory(Clock clock) {
        Assert.notNull(clock, "clock must not be null");
        this.clock = clock;
        this.since = clock.instant();
    }

    /**
     * The history installed on a factory bean, if the starter installed one.
     * @param factoryBean a Streams factory bean
     * @return its history, or empty
     */
    public static Optional<StreamsStateHistory> of(StreamsBuilderFactoryBean factoryBean) {
        return factoryBean.getListeners()
            .stream()
            .filter(StreamsStateHistory.class::isInstance)
            .map(StreamsStateHistory.class::cast)
            .findFirst();
    }

    @Override
    public synchronized void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        Instant now = this.clock.instant();
        this.state = newState;
        this.since = now;
        this.transitions.addLast(new Transition(oldState, newState, now));
        if (this.transitions.size() > MAX_TRANSITIONS) {
            this.transitions.removeFirst();
        }
        if (newState != KafkaStreams.State.RUNNING && newState != KafkaStreams.State.REBALANCING) {
            // a client that stops or fails mid-restoration never reports its end
            this.restoring.clear();
        }
    }

    @Override
    public synchronized void onRestoreStart(TopicPartition partition, String storeName, long startingOffset,
            long endingOffset) {
        this.restoring.put(new StorePartition(storeName, partition),
                new Restoration(storeName, partition.topic(), partition.partition(), startingOffset, endingOffset, 0,
                        this.clock.instant()));
    }

    @Override
    public synchronized void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset,
            long numRestored) {
        this.restoring.computeIfPresent(new StorePartition(storeName, partition),
                (key, restoration) -> restoration.restored(numRestored));
    }

    @Override
    public synchronized void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        this.restoring.remove(new StorePartition(storeName, partition));
    }

    @Override
    public synchronized void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
        this.restoring.remove(new StorePartition(storeName, partition));
    }

    /**
     * Records an exception that ended a stream thread (from the uncaught exception handler).
     * @param exception the exception
     */
    public synchronized void failed(Throwable exception) {
        Assert.notNull(exception, "exception must not be null");
        this.lastFailure = new Failure(exception, this.clock.instant());
    }

    /**
     * What is known now.
     * @return the state, since when, the last failure, the recent changes (oldest first, at most 20) and the
     * restorations under way (by store, then changelog partition)
     */
    public synchronized Snapshot snapshot() {
        List<Restoration> restorations = this.restoring.values()
            .stream()
            .sorted(Comparator.comparing(Restoration::store)
                .thenComparing(Restoration::topic)
                .thenComparingInt(Restoration::partition))
            .toList();
        return new Snapshot(this.state, this.since, this.lastFailure, List.copyOf(this.transitions), restorations);
    }

    /**
     * The state of a client, since when, its last failure and its recent changes.
     * @param state the state
     * @param since when it entered that state
     * @param lastFailure the last exception that ended a stream thread, if any
     * @param transitions the recent state changes, oldest first
     * @param restoring the state stores being restored, one entry per changelog partition
     */
    public record Snapshot(KafkaStreams.State state, Instant since, @Nullable Failure lastFailure,
            List<Transition> transitions, List<Restoration> restoring) {
    }

    /**
     * An exception that ended a stream thread.
     * @param exception the exception
     * @param at when
     */
    public record Failure(Throwable exception, Instant at) {

        /**
         * What went wrong, unwrapped: Kafka Streams wraps an exception thrown by a processor in
         * {@link StreamsException}s whose messages repeat the stack trace.
         * @return the first cause that is not a {@code StreamsException}, or the exception itself if all are
         */
        public Throwable cause() {
            Throwable cause = this.exception;
            while (cause instanceof StreamsException && cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            return cause;
        }
    }

    /**
     * The restoration of one state store from one changelog partition.
     * @param store the store's name
     * @param topic the changelog topic
     * @param partition the changelog partition
     * @param startOffset the offset restoration started from
     * @param endOffset the offset restoration goes to
     * @param restoredRecords the records restored so far
     * @param startedAt when restoration started
     */
    public record Restoration(String store, String topic, int partition, long startOffset, long endOffset,
            long restoredRecords, Instant startedAt) {

        Restoration restored(long records) {
            return new Restoration(this.store, this.topic, this.partition, this.startOffset, this.endOffset,
                    this.restoredRecords + records, this.startedAt);
        }
    }

    private record StorePartition(String store, TopicPartition partition) {
    }

    /**
     * A state change.
     * @param from the old state
     * @param to the new state
     * @param at when
     */
    public record Transition(KafkaStreams.State from, KafkaStreams.State to, Instant at) {
    }
}
