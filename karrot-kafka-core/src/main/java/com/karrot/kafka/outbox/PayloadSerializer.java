package com.karrot.kafka.outbox;

/** Turns an event into the bytes of the Kafka record value. Implementations must be thread-safe. */
public interface PayloadSerializer {

    /**
     * Serialises an event.
     * @param event the event
     * @return the record value
     * @throws com.karrot.kafka.event.InvalidEventException when the event cannot be serialised
     */
    byte[] serialize(Object event);

    /**
     * The media type of what {@link #serialize(Object)} returns, sent as the {@code content-type} header.
     * @return for example {@code application/json}
     */
    String contentType();
}
