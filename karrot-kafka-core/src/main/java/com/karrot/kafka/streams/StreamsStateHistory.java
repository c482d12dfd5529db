package com.karrot.kafka.streams;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.KafkaStreams;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.util.Assert;

/**
 * What one Kafka Streams client went through: its state and since when, its recent state changes, and the last
 * exception that ended one of its stream threads. The starter installs one on each {@link StreamsBuilderFactoryBean}
 * it configures, as its state listener and as one of its {@linkplain StreamsBuilderFactoryBean#getListeners()
 * listeners}, where {@link #of(StreamsBuilderFactoryBean)} finds it; health and endpoints read it.
 */
public final class StreamsStateHistory implements KafkaStreams.StateListener, StreamsBuilderFactoryBean.Listener {

    private static final int MAX_TRANSITIONS = 20;

    private final Clock clock;

    private final Deque<Transition> transitions = new ArrayDeque<>();

    private KafkaStreams.State state = KafkaStreams.State.CREATED;

    private Instant since;

    private @Nullable Failure lastFailure;

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
     * @return the state, since when, the last failure and the recent changes (oldest first, at most 20)
     */
    public synchronized Snapshot snapshot() {
        return new Snapshot(this.state, this.since, this.lastFailure, List.copyOf(this.transitions));
    }

    @Override
    public void streamsAdded(String id, KafkaStreams streams) {
    }

    /**
     * The state of a client, since when, its last failure and its recent changes.
     * @param state the state
     * @param since when it entered that state
     * @param lastFailure the last exception that ended a stream thread, if any
     * @param transitions the recent state changes, oldest first
     */
    public record Snapshot(KafkaStreams.State state, Instant since, @Nullable Failure lastFailure,
            List<Transition> transitions) {
    }

    /**
     * An exception that ended a stream thread.
     * @param exception the exception
     * @param at when
     */
    public record Failure(Throwable exception, Instant at) {
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
