package com.karrot.kafka.outbox;

/**
 * Where Kafka wrote an event sent by the {@link DirectEventPublisher}.
 *
 * @param eventId the event id, the record's {@code ce_id} header
 * @param topic the topic
 * @param partition the partition
 * @param offset the record's offset in the partition
 */
public record PublishedEvent(String eventId, String topic, int partition, long offset) {
}
