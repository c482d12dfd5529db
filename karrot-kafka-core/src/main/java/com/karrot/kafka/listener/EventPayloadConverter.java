package com.karrot.kafka.listener;

/**
 * Turns the value of a record into the event a {@link KarrotEventListener} method takes. A failure of any
 * kind is treated as permanent: the record goes to the dead-letter topic without retry.
 */
@FunctionalInterface
public interface EventPayloadConverter {

    /**
     * Converts a record value.
     * @param payload the record value, never {@code null}
     * @param type the type of the method's event parameter
     * @param <T> the event type
     * @return the event, never {@code null}
     */
    <T> T convert(byte[] payload, Class<T> type);
}
