package com.karrot.kafka.listener;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * One record as the dispatcher found it before any handler ran: its event converted and validated for the method of
 * its type, or to be acknowledged without handling, in which case {@link #reportSkipped()} tells the observer and the
 * log why. Deciding first and reporting later lets a batch report only what it committed.
 */
final class Delivery {

    private final ConsumerRecord<String, byte[]> record;

    private final String type;

    private final @Nullable ListenerMethod method;

    private final @Nullable Object event;

    private final @Nullable Runnable skip;

    private Delivery(ConsumerRecord<String, byte[]> record, String type, @Nullable ListenerMethod method,
            @Nullable Object event, @Nullable Runnable skip) {
        this.record = record;
        this.type = type;
        this.method = method;
        this.event = event;
        this.skip = skip;
    }

    static Delivery handled(ConsumerRecord<String, byte[]> record, String type, ListenerMethod method, Object event) {
        return new Delivery(record, type, method, event, null);
    }

    static Delivery skipped(ConsumerRecord<String, byte[]> record, String type, Runnable report) {
        return new Delivery(record, type, null, null, report);
    }

    ConsumerRecord<String, byte[]> record() {
        return this.record;
    }

    String type() {
        return this.type;
    }

    boolean isSkipped() {
        return this.skip != null;
    }

    /** The method of the record's event type; only for a delivery that is not skipped. */
    ListenerMethod method() {
        if (this.method == null) {
            throw new IllegalStateException("a skipped record has no method");
        }
        return this.method;
    }

    /** Calls the method with the event and the record. */
    void invoke() {
        if (this.method == null || this.event == null) {
            throw new IllegalStateException("a skipped record is not handled");
        }
        this.method.invoke(this.event, this.record);
    }

    void reportSkipped() {
        if (this.skip != null) {
            this.skip.run();
        }
    }
}
