package com.karrot.kafka.test.assertj;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.karrot.kafka.outbox.FailedOutboxEvent;
import com.karrot.kafka.outbox.OutboxStatistics;
import com.karrot.kafka.outbox.OutboxStore;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an application's outbox: drained within a bound, pending and failed counts, one failed event with
 * its reason. Create it with {@link KarrotKafkaAssertions#assertThatOutbox(OutboxStore)} or
 * {@link KarrotKafkaScenario#assertThatOutbox()}.
 */
public final class OutboxAssert extends AbstractAssert<OutboxAssert, OutboxStore> {

    private static final Duration POLL = Duration.ofMillis(50);

    OutboxAssert(OutboxStore store) {
        super(store, OutboxAssert.class);
    }

    /**
     * Waits until every event the outbox holds has been acknowledged by Kafka and removed (none pending, none
     * failed).
     * @param bound the longest wait
     * @return this assertion
     */
    public OutboxAssert isDrainedWithin(Duration bound) {
        Instant deadline = Instant.now().plus(bound);
        OutboxStatistics statistics = this.actual.statistics();
        while (statistics.pending() > 0 && Instant.now().isBefore(deadline)) {
            Pause.pause(POLL, "the outbox to drain");
            statistics = this.actual.statistics();
        }
        if (statistics.pending() > 0) {
            throw failure("Expecting the outbox to be drained within %s, but %d event(s) were pending (%d failed for good), the oldest published at %s",
                    bound, statistics.pending(), statistics.failed(), statistics.oldestCreatedAt());
        }
        return this;
    }

    /**
     * Checks how many events wait to be sent now, failed ones included.
     * @param expected the number
     * @return this assertion
     */
    public OutboxAssert hasPending(long expected) {
        long pending = this.actual.statistics().pending();
        if (pending != expected) {
            throw failure("Expecting %d pending outbox event(s) but there were %d", expected, pending);
        }
        return this;
    }

    /**
     * Checks how many events failed for good and wait for an operator.
     * @param expected the number
     * @return this assertion
     */
    public OutboxAssert hasFailed(long expected) {
        long failed = this.actual.statistics().failed();
        if (failed != expected) {
            throw failure("Expecting %d failed outbox event(s) but there were %d", expected, failed);
        }
        return this;
    }

    /**
     * Checks that an event has a recorded failure (retrying or failed for good).
     * @param eventId the event id ({@code ce_id})
     * @return assertions on the failure
     */
    public FailedEventAssert hasFailedEvent(String eventId) {
        Optional<FailedOutboxEvent> failure = this.actual.findFailure(eventId);
        if (failure.isEmpty()) {
            throw failure("Expecting outbox event %s to have a recorded failure, but it has none", eventId);
        }
        return new FailedEventAssert(failure.get());
    }

    /** Assertions on one outbox event's recorded failure. */
    public static final class FailedEventAssert extends AbstractAssert<FailedEventAssert, FailedOutboxEvent> {

        FailedEventAssert(FailedOutboxEvent failure) {
            super(failure, FailedEventAssert.class);
        }

        /**
         * Checks the last error's text.
         * @param text a part of it
         * @return this assertion
         */
        public FailedEventAssert withReasonContaining(String text) {
            if (!this.actual.lastError().contains(text)) {
                throw failure("Expecting the failure of outbox event %s to contain \"%s\", but it was \"%s\"",
                        this.actual.eventId(), text, this.actual.lastError());
            }
            return this;
        }

        /**
         * Checks the status: {@code FAILED} (waits for an operator) or {@code RETRYING}.
         * @param status the status
         * @return this assertion
         */
        public FailedEventAssert hasStatus(String status) {
            if (!this.actual.status().equals(status)) {
                throw failure("Expecting outbox event %s to be %s, but it was %s", this.actual.eventId(), status,
                        this.actual.status());
            }
            return this;
        }

        /**
         * Checks how many attempts were made.
         * @param attempts the number
         * @return this assertion
         */
        public FailedEventAssert hasAttempts(int attempts) {
            if (this.actual.attempts() != attempts) {
                throw failure("Expecting outbox event %s to have %d attempt(s), but it had %d", this.actual.eventId(),
                        attempts, this.actual.attempts());
            }
            return this;
        }
    }
}
