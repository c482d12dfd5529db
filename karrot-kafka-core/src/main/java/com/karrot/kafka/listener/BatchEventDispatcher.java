package com.karrot.kafka.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;

/**
 * The message listener of a container in {@link InboxMode#BATCH}: the records of a poll, in order, in one database
 * transaction that records their events in the {@link Inbox} with one insert and skips those the group processed
 * already (an event twice in one poll counts once). Each record is prepared as {@link EventDispatcher} does.
 *
 * <p>When a record fails, the transaction rolls back; the records before it are handled again in a transaction of
 * their own and committed, and a {@link BatchListenerFailedException} naming the failing record tells the
 * container's error handler to commit their offsets and to retry the failing record, then dead-letter it, as for a
 * record listener. Meters and logs are told only what committed. When the store meets an event recorded by another
 * consumer meanwhile, the batch is handled record by record instead. Shared by the consumer threads of the container.
 */
final class BatchEventDispatcher implements BatchMessageListener<String, byte[]> {

    private final ListenerGroup group;

    private final EventDispatcher dispatcher;

    private final Inbox inbox;

    private final EventListenerObserver observer;

    BatchEventDispatcher(ListenerGroup group, EventDispatcher dispatcher, Inbox inbox, EventListenerObserver observer) {
        this.group = group;
        this.dispatcher = dispatcher;
        this.inbox = inbox;
        this.observer = observer;
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records) {
        List<Item> items = new ArrayList<>(records.size());
        Failure failure = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                Delivery delivery = this.dispatcher.prepare(record);
                items.add(new Item(delivery, delivery.isSkipped() ? null : this.inbox.entry(this.group, record)));
            }
            catch (RuntimeException ex) {
                failure = new Failure(record, ex);
                break;
            }
        }
        while (!items.isEmpty()) {
            Attempt attempt = attempt(items);
            if (attempt == null) {
                break;
            }
            failure = attempt.failure();
            if (attempt.handledBefore()) {
                break;
            }
            items = items.subList(0, attempt.index());
        }
        if (failure != null) {
            ConsumerRecord<String, byte[]> record = failure.record();
            throw new BatchListenerFailedException("Record " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " of listener " + this.group.id() + " failed", failure.cause(), record);
        }
    }

    /**
     * Handles the records in one transaction and reports them once it committed.
     * @return {@code null} when all committed, else the first record that failed, everything rolled back
     */
    private @Nullable Attempt attempt(List<Item> items) {
        Map<String, InboxEntry> entries = new LinkedHashMap<>();
        items.stream()
            .map(Item::entry)
            .filter(entry -> entry != null)
            .forEach(entry -> entries.putIfAbsent(entry.eventId(), entry));
        List<Runnable> reports = new ArrayList<>(items.size());
        Attempt[] failed = new Attempt[1];
        try {
            if (!entries.isEmpty() && !this.inbox.handleAll(List.copyOf(entries.values()), recorded -> {
                failed[0] = handle(items, recorded, reports);
                return failed[0] == null;
            })) {
                return failed[0];
            }
        }
        catch (DuplicateKeyException ex) {
            return oneByOne(items);
        }
        catch (RuntimeException ex) {
            // the transaction or the inbox failed, no handler: the first record that needs them takes the retries
            int index = firstHandled(items);
            return new Attempt(index, new Failure(items.get(index).delivery().record(), ex), false);
        }
        items.stream().filter(item -> item.entry() == null).forEach(item -> item.delivery().reportSkipped());
        reports.forEach(Runnable::run);
        return null;
    }

    /** Calls the handlers of the records whose event was recorded now, in order, until one throws. */
    private @Nullable Attempt handle(List<Item> items, Set<String> recorded, List<Runnable> reports) {
        for (int i = 0; i < items.size(); i++) {
            InboxEntry entry = items.get(i).entry();
            if (entry == null) {
                continue;
            }
            Delivery delivery = items.get(i).delivery();
            String type = delivery.type();
            if (!recorded.remove(entry.eventId())) {
                reports.add(() -> this.observer.duplicate(this.group.id(), type));
                continue;
            }
            long start = System.nanoTime();
            try {
                delivery.invoke();
            }
            catch (RuntimeException ex) {
                this.observer.handled(this.group.id(), type, Duration.ofNanos(System.nanoTime() - start), ex);
                return new Attempt(i, new Failure(delivery.record(), ex), false);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            reports.add(() -> this.observer.handled(this.group.id(), type, took, null));
        }
        return null;
    }

    /** The records as a record listener handles them, each in a transaction of its own, until one fails. */
    private @Nullable Attempt oneByOne(List<Item> items) {
        for (int i = 0; i < items.size(); i++) {
            Delivery delivery = items.get(i).delivery();
            try {
                this.dispatcher.dispatch(delivery);
            }
            catch (RuntimeException ex) {
                return new Attempt(i, new Failure(delivery.record(), ex), true);
            }
        }
        return null;
    }

    private static int firstHandled(List<Item> items) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).entry() != null) {
                return i;
            }
        }
        return 0;
    }

    /** A prepared record, with its inbox entry unless it is skipped. */
    private record Item(Delivery delivery, @Nullable InboxEntry entry) {
    }

    private record Failure(ConsumerRecord<String, byte[]> record, RuntimeException cause) {
    }

    /**
     * A failed attempt at a batch.
     * @param index where in the batch the failing record is
     * @param failure the record and what it threw
     * @param handledBefore whether the records before it are committed already (else everything rolled back)
     */
    private record Attempt(int index, Failure failure, boolean handledBefore) {
    }
}
