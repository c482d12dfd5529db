package com.karrot.kafka.serde;

import java.util.Map;

import org.springframework.util.MimeType;

/**
 * Reads the value of a record into the event a listener takes, for the content types it {@linkplain #reads
 * reads}. {@link EventDeserializers} chooses one per record by its {@code content-type} header. A failure of any
 * kind is treated as permanent by listeners: the record goes to the dead-letter topic with its original bytes.
 * Implementations must be thread-safe.
 */
public interface EventDeserializer {

    /**
     * Whether this deserializer reads records of a content type.
     * @param contentType the record's content type, without parameters compared
     * @return {@code true} when it does
     */
    boolean reads(MimeType contentType);

    /**
     * Reads a record value.
     * @param payload the record value, never {@code null}
     * @param type the class the listener takes
     * @param topic the topic the record was read from
     * @param headers the record's headers as UTF-8 text
     * @param <T> the event type
     * @return the event, never {@code null}
     */
    <T> T deserialize(byte[] payload, Class<T> type, String topic, Map<String, String> headers);
}
