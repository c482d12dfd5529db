package com.karrot.kafka.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Sends one batch of outbox events asynchronously and then waits for all its acknowledgements at once, never for
 * one record at a time; the relay may send the next batch in between. With per-aggregate ordering, an event whose
 * send fails at once holds back the later events of its aggregate in the same batch.
 * <p>
 * The send timeout is kept here rather than by the producer's {@code delivery.timeout.ms}: a producer that expires
 * a batch bumps its epoch and goes on with the batches behind it, so a later event of an aggregate could be written
 * while an earlier one expired. The relay's producer retries for as long as it lives instead, with one request in
 * flight (the broker accepts an idempotent producer's records of a partition in sequence, but takes its first
 * records of a partition at any sequence: with two requests in flight the second could be written while the first
 * failed), so what gets written of a partition is always a prefix of what was sent, and a batch not acknowledged in time ends with a {@linkplain Outcome#timedOut() time-out} after
 * which the relay closes the producer.
 * <p>
 * A batch ends by its deadline whatever the producer does. The producer blocks a caller only while it has no
 * metadata for a topic or no buffer space, each time for at most its {@code max.block.ms}, which
 * {@link OutboxRelay#producerConfig} sets to a tenth of the send timeout. The metadata of each topic is awaited
 * once, up front, until the deadline; a topic without metadata by then fails its events without a send each, and
 * no event is sent once the deadline has passed. So a batch takes at most the send timeout plus one
 * {@code max.block.ms}, even with the cluster gone.
 */
final class BatchSender {

    private final OrderingMode ordering;

    private final Duration timeout;

    BatchSender(OrderingMode ordering, Duration timeout) {
        this.ordering = ordering;
        this.timeout = timeout;
    }

    /**
     * Sends a batch and returns without waiting for its acknowledgements: the events are on their way when this
     * returns, or refused at once, or left unsent because the deadline passed.
     */
    InFlight start(Producer<String, byte[]> producer, List<OutboxRecord> batch) {
        long deadline = System.nanoTime() + this.timeout.toNanos();
        Acks acks = new Acks(batch.size());
        List<OutboxRecord> sentRecords = new ArrayList<>(batch.size());
        Map<OutboxRecord, Throwable> failed = new LinkedHashMap<>();
        Map<String, KafkaException> topicsWithoutMetadata = new HashMap<>();
        Set<String> topicsWithMetadata = new HashSet<>();
        Set<String> heldBack = new HashSet<>();
        List<OutboxRecord> unsent = List.of();
        for (int i = 0; i < batch.size(); i++) {
            OutboxRecord record = batch.get(i);
            if (System.nanoTime() - deadline >= 0) {
                unsent = List.copyOf(batch.subList(i, batch.size()));
                break;
            }
            String aggregate = record.aggregateType() + ':' + record.aggregateId();
            if (heldBack.contains(aggregate)) {
                continue;
            }
            Throwable refused = topicsWithoutMetadata.get(record.topic());
            if (refused == null && topicsWithMetadata.add(record.topic())) {
                refused = awaitMetadata(producer, record.topic(), deadline);
                if (refused != null) {
                    topicsWithMetadata.remove(record.topic());
                    topicsWithoutMetadata.put(record.topic(), (KafkaException) refused);
                }
            }
            if (refused == null) {
                refused = acks.send(producer, record, sentRecords);
            }
            if (refused != null) {
                failed.put(record, refused);
                if (this.ordering == OrderingMode.PER_AGGREGATE) {
                    heldBack.add(aggregate);
                }
            }
        }
        return new InFlight(batch, deadline, acks, sentRecords, failed, unsent);
    }

    /**
     * Waits until the producer knows the topic's partitions, asking again after each {@code max.block.ms} until
     * the deadline: the first ask also makes the cluster create the topic where it creates topics on demand.
     * @return {@code null} when the metadata is there, otherwise why not
     */
    private static @Nullable KafkaException awaitMetadata(Producer<String, byte[]> producer, String topic, long deadline) {
        while (true) {
            try {
                producer.partitionsFor(topic);
                return null;
            }
            catch (KafkaException ex) {
                if (!(ex instanceof TimeoutException) || System.nanoTime() - deadline >= 0) {
                    return ex;
                }
            }
        }
    }

    /**
     * A batch sent, whose acknowledgements may still be on their way.
     */
    final class InFlight {

        private final List<OutboxRecord> batch;

        private final long deadline;

        private final Acks acks;

        private final List<OutboxRecord> sentRecords;

        private final Map<OutboxRecord, Throwable> failed;

        private final List<OutboxRecord> unsent;

        private InFlight(List<OutboxRecord> batch, long deadline, Acks acks, List<OutboxRecord> sentRecords,
                Map<OutboxRecord, Throwable> failed, List<OutboxRecord> unsent) {
            this.batch = batch;
            this.deadline = deadline;
            this.acks = acks;
            this.sentRecords = sentRecords;
            this.failed = failed;
            this.unsent = unsent;
        }

        List<OutboxRecord> batch() {
            return this.batch;
        }

        /** Whether every event of the batch is on its way: none refused at once, none left unsent. */
        boolean allOnTheirWay() {
            return this.failed.isEmpty() && this.unsent.isEmpty();
        }

        /**
         * Waits until every event sent has its acknowledgement, at most until the batch's deadline, or returns at
         * once once the producer is closed (which fails what it still held).
         */
        Outcome await() {
            boolean timedOut = !this.acks.await(this.deadline);
            List<OutboxRecord> acked = new ArrayList<>(this.sentRecords.size());
            Map<OutboxRecord, Throwable> failures = new LinkedHashMap<>(this.failed);
            for (int i = 0; i < this.sentRecords.size(); i++) {
                Object result = this.acks.result(i);
                if (result == Acks.ACKED) {
                    acked.add(this.sentRecords.get(i));
                }
                else {
                    failures.put(this.sentRecords.get(i), result != null ? (Throwable) result
                            : new TimeoutException("not acknowledged by Kafka within " + BatchSender.this.timeout));
                }
            }
            return new Outcome(acked, failures, this.unsent, timedOut);
        }
    }

    /**
     * The acknowledgements of one batch: a slot per record sent, set by the producer's callback to {@link #ACKED}
     * or to the error, and one permit per callback. Cheaper than a future per record joined by {@code allOf}, which
     * cost the producer's I/O thread a tenth of its time.
     */
    private static final class Acks {

        static final Object ACKED = new Object();

        private final AtomicReferenceArray<Object> results;

        private final Semaphore done = new Semaphore(0);

        private int sent;

        Acks(int capacity) {
            this.results = new AtomicReferenceArray<>(capacity);
        }

        /**
         * Sends a record whose result goes to the next slot.
         * @return why the client refused it at once, or {@code null} when it is on its way
         */
        @Nullable Throwable send(Producer<String, byte[]> producer, OutboxRecord record, List<OutboxRecord> sentRecords) {
            int slot = this.sent;
            try {
                producer.send(EnvelopeWriter.toProducerRecord(record), (metadata, error) -> {
                    this.results.set(slot, error != null ? error : ACKED);
                    this.done.release();
                });
            }
            catch (KafkaException ex) {
                return ex;
            }
            // the client refuses some records at once (too large, invalid topic), calling back before returning
            Object result = this.results.get(slot);
            if (result instanceof Throwable refused) {
                // its permit is there already; the slot is used again by the next record
                this.results.set(slot, null);
                this.done.acquireUninterruptibly();
                return refused;
            }
            this.sent++;
            sentRecords.add(record);
            return null;
        }

        /** Waits until every record sent has its result, at most until the deadline; whether they all have. */
        boolean await(long deadline) {
            try {
                return this.done.tryAcquire(this.sent, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** {@link #ACKED}, the error, or {@code null} when not acknowledged yet. */
        @Nullable Object result(int slot) {
            return this.results.get(slot);
        }
    }

    /**
     * What became of a batch.
     * @param acked events Kafka acknowledged
     * @param failed events that failed, with why; events held back behind them are in none of the lists
     * @param unsent events not sent because the deadline had passed; they have not failed
     * @param timedOut whether some events were not acknowledged within the send timeout; the producer may still
     * be sending them and must be closed before the relay sends again
     */
    record Outcome(List<OutboxRecord> acked, Map<OutboxRecord, Throwable> failed, List<OutboxRecord> unsent,
            boolean timedOut) {
    }
}
