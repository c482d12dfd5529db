package com.karrot.kafka.listener;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.event.InvalidEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs an idempotent listener's handler in a database transaction that first records the event in the inbox:
 * the handler's writes and the inbox entry commit together, or roll back together so that the retry processes
 * the event again. A handler's own {@code @Transactional} joins this transaction. In {@link InboxMode#BATCH} one
 * transaction covers the records of a poll.
 */
final class Inbox {

    private final InboxStore store;

    private final TransactionTemplate transactions;

    private final boolean enabledByDefault;

    private final Clock clock;

    Inbox(InboxStore store, PlatformTransactionManager transactionManager, boolean enabledByDefault, Clock clock) {
        this.store = store;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        this.enabledByDefault = enabledByDefault;
        this.clock = clock;
    }

    boolean appliesTo(ListenerMethod method) {
        return method.attributes().idempotency().enabled(this.enabledByDefault);
    }

    /**
     * Calls the handler unless the group processed the event already.
     * @return {@code false} when the event was a duplicate and the handler was not called
     * @throws InvalidEventException when the record has no {@code ce_id}, which no retry can fix
     */
    boolean handleOnce(ListenerGroup group, ConsumerRecord<String, byte[]> record, Runnable handler) {
        InboxEntry entry = entry(group, record);
        Boolean handled = this.transactions.execute(status -> {
            if (!this.store.markProcessed(entry)) {
                status.setRollbackOnly();
                return false;
            }
            handler.run();
            return true;
        });
        return Boolean.TRUE.equals(handled);
    }

    /**
     * Runs the handling of a batch of records in one transaction that first records, with one insert, the events the
     * group has not processed yet; the work is told their ids, and rolls everything back by returning {@code false}.
     * @param entries the events of the batch, one per event id
     * @param work handles the records whose event id it is given, and tells whether to commit
     * @return whether the transaction committed
     * @throws org.springframework.dao.DuplicateKeyException when another consumer recorded one of the events
     * meanwhile, or the store can tell duplicates only one at a time; the transaction is rolled back
     */
    boolean handleAll(List<InboxEntry> entries, Predicate<Set<String>> work) {
        Boolean committed = this.transactions.execute(status -> {
            Set<String> recorded = new HashSet<>();
            this.store.markProcessed(entries).forEach(entry -> recorded.add(entry.eventId()));
            if (work.test(recorded)) {
                return true;
            }
            status.setRollbackOnly();
            return false;
        });
        return Boolean.TRUE.equals(committed);
    }

    /**
     * The inbox entry of a record, processed now.
     * @throws InvalidEventException when the record has no {@code ce_id}, which no retry can fix
     */
    InboxEntry entry(ListenerGroup group, ConsumerRecord<String, byte[]> record) {
        String eventId = EventMetadata.header(record, CloudEventHeaders.ID);
        if (eventId == null || eventId.isBlank()) {
            throw new InvalidEventException("Record " + record.topic() + "-" + record.partition() + "@" + record.offset()
                    + " has no " + CloudEventHeaders.ID + " header, which the inbox of idempotent listener "
                    + group.id() + " needs");
        }
        return new InboxEntry(group.groupId(), eventId, group.id(), record.topic(), record.partition(), record.offset(),
                this.clock.instant());
    }
}
