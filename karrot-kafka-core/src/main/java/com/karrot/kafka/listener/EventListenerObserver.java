package com.karrot.kafka.listener;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Told what the listener containers do with each record, for metrics. Called on consumer threads, so
 * implementations must be thread-safe and quick. {@code listenerId} is the container id; {@code eventType} is
 * the record's {@code ce_type}, or {@code "none"} when it has none.
 */
public interface EventListenerObserver {

    /** An observer that does nothing. */
    EventListenerObserver NONE = new EventListenerObserver() {
    };

    /**
     * A handler method returned or threw.
     * @param listenerId the container id
     * @param eventType the event type
     * @param duration time spent in the method
     * @param failure what it threw, or {@code null} when it returned
     */
    default void handled(String listenerId, String eventType, Duration duration, @Nullable Throwable failure) {
    }

    /**
     * A failed record will be delivered again after a back-off.
     * @param listenerId the container id
     * @param eventType the event type
     * @param failure why the last attempt failed
     */
    default void retrying(String listenerId, String eventType, Throwable failure) {
    }

    /**
     * A record was written to its dead-letter topic.
     * @param listenerId the container id
     * @param eventType the event type
     * @param failure why it could not be handled
     */
    default void deadLettered(String listenerId, String eventType, Throwable failure) {
    }

    /**
     * A record of an event type no method handles was acknowledged without handling.
     * @param listenerId the container id
     * @param eventType the event type
     */
    default void skipped(String listenerId, String eventType) {
    }

    /**
     * A record without {@code ce_type} header was acknowledged without handling; it is also reported as
     * {@link #skipped skipped}, with the event type {@code "none"}.
     * @param listenerId the container id
     * @param topic the topic of the record
     */
    default void untyped(String listenerId, String topic) {
    }

    /**
     * A replayed dead letter meant for another consumer group, which dead-lettered it, was acknowledged without
     * handling.
     * @param listenerId the container id
     * @param eventType the event type
     */
    default void replayForOtherGroup(String listenerId, String eventType) {
    }

    /**
     * An idempotent listener received an event its consumer group had processed already, and skipped it.
     * @param listenerId the container id
     * @param eventType the event type
     */
    default void duplicate(String listenerId, String eventType) {
    }
}
