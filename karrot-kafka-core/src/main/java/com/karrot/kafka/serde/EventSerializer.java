package com.karrot.kafka.serde;

import java.util.Map;

import com.karrot.kafka.event.EventDescriptor;

/**
 * Writes an event as the value of its Kafka record, and says in which format. The outbox publisher calls it
 * inside the publishing transaction, so a failure rolls the business change back. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface EventSerializer {

    /**
     * Serialises an event.
     * @param event the event
     * @param descriptor its type, aggregate and topic
     * @param topic the topic it goes to
     * @param headers the headers the record will carry besides the {@code ce_*} ones; a serializer may add its
     * own (a schema reference, say), and must not remove any
     * @return the record value and its content type
     * @throws com.karrot.kafka.event.InvalidEventException when the event cannot be serialised
     */
    SerializedEvent serialize(Object event, EventDescriptor descriptor, String topic, Map<String, String> headers);
}
