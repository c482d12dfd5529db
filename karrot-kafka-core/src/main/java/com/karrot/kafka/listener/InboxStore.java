package com.karrot.kafka.listener;

import java.time.Instant;

/**
 * Where idempotent listeners record the events they processed. {@link #markProcessed} runs in the
 * listener's database transaction, so that the entry commits or rolls back with the handler's own writes.
 */
public interface InboxStore {

    /**
     * Records an event as processed, unless its consumer group already did.
     * @param entry the event
     * @return {@code true} when recorded now; {@code false} when the entry was there already, in which case the
     * caller must roll the transaction back (on PostgreSQL the failed insert has aborted it)
     */
    boolean markProcessed(InboxEntry entry);

    /**
     * Deletes at most {@code limit} entries processed before {@code cutoff}, outside the caller's transaction.
     * @param cutoff entries processed before this time go
     * @param limit the most entries to delete
     * @return how many were deleted
     */
    int deleteProcessedBefore(Instant cutoff, int limit);
}
