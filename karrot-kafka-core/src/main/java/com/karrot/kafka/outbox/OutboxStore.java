package com.karrot.kafka.outbox;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Storage of the outbox: the publisher inserts, the relay reads what is due and deletes what Kafka acknowledged.
 * Failure state lives beside the events, so that in the happy path the table of events only sees inserts and
 * deletes (what a change-data-capture relay such as Debezium needs). {@link JdbcOutboxStore} is the
 * implementation for relational databases.
 */
public interface OutboxStore {

    /**
     * Inserts an event, in the caller's transaction when one is active.
     * @param record the event, without id
     */
    void insert(OutboxRecord record);

    /**
     * Reads events that are due, oldest first: those never tried and those whose retry time has come. With
     * {@link OrderingMode#PER_AGGREGATE}, an event is not due while an earlier event of its aggregate waits: FAILED,
     * or retrying and not yet due again. Retrying events of an aggregate that are all due again are read together,
     * in order.
     * @param shards the shards to read, or {@code null} for all
     * @param now the current time, against which retry times are compared
     * @param ordering the ordering mode
     * @param limit the most events to read
     * @param inFlight ids to leave out, such as those of a batch still in flight; empty for none. Everything else is
     * read as by a first read, so an event that came due below the batch in flight (a retry, a late commit, an event
     * an operator's discard set free) is read in its place, before the later events of its aggregate
     * @return the due events in id order, with their failed attempts so far
     */
    List<OutboxRecord> fetchDue(@Nullable Set<Integer> shards, Instant now, OrderingMode ordering, int limit,
            Collection<Long> inFlight);

    /**
     * Deletes events that reached Kafka, and their failure state, whoever wrote it, together.
     * @param sent the events
     */
    void delete(Collection<OutboxRecord> sent);

    /**
     * Records a failed send of an event, but only while the event still exists and the relay that sent it still
     * holds the lease on the event's shard, checked in the same statement as the write: a relay that lost its
     * lease (paused longer than the lease, or a batch that outlived it) cannot write failure state for events that
     * another relay has taken over, sent and deleted.
     * @param record the event, with the attempts made before this one
     * @param error why it failed
     * @param at when it failed
     * @param nextAttemptAt when to try again, or {@code null} to wait for an operator
     * @param failed {@code true} when the event has failed for good (status FAILED), {@code false} while retrying
     * @param relayInstanceId the relay that sent the event, as named in the lease table
     * @return whether the failure was recorded; {@code false} when the event is gone or its shard is no longer
     * the relay's
     */
    boolean recordFailure(OutboxRecord record, String error, Instant at, @Nullable Instant nextAttemptAt, boolean failed,
            String relayInstanceId);

    /**
     * Removes failure state whose event no longer exists (left by versions before 0.1.0, which could write it
     * after another relay had sent and deleted the event, or by events deleted by hand without theirs). Such a row
     * would hold back the later events of its aggregate for good.
     * @return how many rows were removed
     */
    int removeOrphanedFailures();

    /**
     * Counts what waits in the outbox.
     * @return the statistics
     */
    OutboxStatistics statistics();

    /**
     * Lists events that failed for good, oldest first.
     * @param page the page number, from 0
     * @param size the page size
     * @return the failed events of that page
     */
    List<FailedOutboxEvent> findFailed(int page, int size);

    /**
     * Finds one failed or retrying event.
     * @param eventId the event id
     * @return its failure state, or empty when it is not failing
     */
    Optional<FailedOutboxEvent> findFailure(String eventId);

    /**
     * Makes a failed event due now, with a fresh count of attempts.
     * @param eventId the event id
     * @param now the current time
     * @return whether a failed event was found
     */
    boolean retry(String eventId, Instant now);

    /**
     * Makes every failed event due now, with a fresh count of attempts.
     * @param now the current time
     * @return how many events were made due
     */
    int retryAllFailed(Instant now);

    /**
     * Deletes a pending or failed event without sending it.
     * @param eventId the event id
     * @return whether the event was found
     */
    boolean discard(String eventId);

    /**
     * Deletes up to {@code limit} of the oldest events created before {@code cutoff}, with their failure state,
     * whether they were sent or not: the retention clean-up of a table that a change-data-capture relay (Debezium)
     * reads instead of {@link OutboxRelay}, where nobody deletes sent events.
     * @param cutoff events created before this time go
     * @param limit the most events to delete in this call
     * @return how many events were deleted; fewer than {@code limit} when no older ones are left
     * @since 0.1.0
     */
    default int deleteCreatedBefore(Instant cutoff, int limit) {
        throw new UnsupportedOperationException(getClass().getName() + " does not delete events by age");
    }
}
