package com.karrot.kafka.outbox;

import java.time.Instant;
import java.util.List;

/**
 * Hears what the relay does, for metrics and logs. Called on the relay's threads: implementations must be
 * thread-safe, quick, and must not throw. All methods do nothing by default.
 */
public interface OutboxRelayObserver {

    /** An observer that does nothing. */
    OutboxRelayObserver NONE = new OutboxRelayObserver() {
    };

    /**
     * Kafka acknowledged events, which are now deleted from the outbox.
     * @param sent the events
     * @param ackedAt when the last acknowledgement arrived
     */
    default void sent(List<OutboxRecord> sent, Instant ackedAt) {
    }

    /**
     * Sending an event failed.
     * @param record the event
     * @param error the failure
     * @param failedForGood whether the event is now FAILED and waits for an operator
     */
    default void failed(OutboxRecord record, Throwable error, boolean failedForGood) {
    }

    /**
     * The cluster did not answer: the relay pauses and leaves the events untouched.
     * @param error the failure
     */
    default void outage(Throwable error) {
    }
}
