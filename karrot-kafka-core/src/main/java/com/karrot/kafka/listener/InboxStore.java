package com.karrot.kafka.listener;

import java.time.Instant;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;

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
     * Records the events of one batch as processed, except those the consumer group processed already, in the
     * caller's transaction, which stays usable. The default records them one by one and gives up at the first
     * duplicate; the caller then rolls back and handles the batch record by record.
     * @param entries events of one consumer group, each event id once
     * @return the entries recorded now, in the order given; the others were there already
     * @throws DuplicateKeyException when an entry was there already and the store cannot go on (the default), or
     * another transaction recorded one of them meanwhile: the caller must roll the transaction back
     * @since 0.1.0
     */
    default List<InboxEntry> markProcessed(List<InboxEntry> entries) {
        for (InboxEntry entry : entries) {
            if (!markProcessed(entry)) {
                throw new DuplicateKeyException("Event " + entry.eventId() + " of consumer group "
                        + entry.consumerGroup() + " is in the inbox already");
            }
        }
        return entries;
    }

    /**
     * Deletes at most {@code limit} entries processed before {@code cutoff}, outside the caller's transaction.
     * @param cutoff entries processed before this time go
     * @param limit the most entries to delete
     * @return how many were deleted
     */
    int deleteProcessedBefore(Instant cutoff, int limit);
}
