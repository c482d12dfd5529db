package com.karrot.kafka.event;

/**
 * An event a service publishes, implemented by the service's event records.
 *
 * <p>The alternative to implementing this interface is to annotate the record with {@link EventType} and
 * one of its components with {@link AggregateId}. Implementations must return non-empty values; the
 * aggregate id becomes the Kafka record key, so every event of one aggregate lands on one partition, in
 * order.
 */
public interface KarrotEvent {

    /**
     * The event type, sent as the CloudEvents {@code ce_type} header, for example {@code ITEM_SOLD}.
     * @return the event type, never empty
     */
    String eventType();

    /**
     * The type of the aggregate the event belongs to, for example {@code item}; routes the event to a topic.
     * @return the aggregate type, never empty
     */
    String aggregateType();

    /**
     * The id of the aggregate the event belongs to; the Kafka record key and the {@code ce_subject} header.
     * @return the aggregate id, never empty
     */
    String aggregateId();
}
