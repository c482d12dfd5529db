package com.karrot.kafka.outbox;

import java.util.Map;

/**
 * Publishes events through the transactional outbox: called inside the service's Spring-managed transaction,
 * it writes the event to the outbox table in that transaction, and the relay sends it to Kafka once the
 * transaction has committed; a rolled-back transaction publishes nothing.
 *
 * <p>An event is an instance of {@link com.karrot.kafka.event.KarrotEvent} or of a class annotated with
 * {@link com.karrot.kafka.event.EventType}. Bad input fails the call, and with it the transaction when the
 * caller lets the exception through: an object that is not an event, an event whose aggregate type has no
 * topic, a payload that cannot be serialised or exceeds the configured maximum size. By default a call
 * outside a transaction fails too. Thread-safe.
 */
public interface KarrotEventPublisher {

    /**
     * Writes the event to the outbox in the current transaction.
     * @param event the event
     * @return the event id, the {@code ce_id} header of the record that will reach Kafka
     * @throws com.karrot.kafka.event.InvalidEventException when the event cannot be published
     * @throws IllegalStateException when no transaction is active and the publisher requires one
     */
    default String publish(Object event) {
        return publish(event, Map.of());
    }

    /**
     * Writes the event to the outbox in the current transaction, with extra record headers.
     * @param event the event
     * @param headers extra headers sent with the record (UTF-8 values); must not override {@code ce_*} headers
     * @return the event id
     * @throws com.karrot.kafka.event.InvalidEventException when the event cannot be published
     * @throws IllegalStateException when no transaction is active and the publisher requires one
     */
    String publish(Object event, Map<String, String> headers);
}
