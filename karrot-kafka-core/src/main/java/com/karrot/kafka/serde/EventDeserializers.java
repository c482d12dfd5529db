package com.karrot.kafka.serde;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.karrot.kafka.event.CloudEventHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * Chooses the deserializer of each record by its {@code content-type} header, so that a topic that mixes formats
 * (JSON and Avro while a producer migrates) is read record by record. A record without the header is read as
 * {@code application/json}, what producers outside Karrot most often write. Thread-safe.
 */
public final class EventDeserializers {

    /** The content type of records that carry none. */
    public static final MimeType DEFAULT_CONTENT_TYPE = MimeTypeUtils.APPLICATION_JSON;

    /** The most distinct {@code content-type} headers whose deserializer is remembered; a topic sees a handful. */
    private static final int MAX_REMEMBERED = 64;

    private final List<EventDeserializer> deserializers;

    private final Map<String, EventDeserializer> byHeader = new ConcurrentHashMap<>();

    /**
     * Creates the chooser.
     * @param deserializers the deserializers, asked in order; the first that reads a content type gets the record
     */
    public EventDeserializers(List<? extends EventDeserializer> deserializers) {
        Assert.notEmpty(deserializers, "deserializers must not be empty");
        this.deserializers = List.copyOf(deserializers);
    }

    /**
     * Reads a record value with the deserializer of its content type.
     * @param payload the record value
     * @param type the class the listener takes
     * @param topic the topic the record was read from
     * @param headers the record's headers as UTF-8 text, {@code content-type} among them
     * @param <T> the event type
     * @return the event
     * @throws IllegalArgumentException when the content type is malformed or no deserializer reads it
     */
    public <T> T deserialize(byte[] payload, Class<T> type, String topic, Map<String, String> headers) {
        String header = headers.get(CloudEventHeaders.CONTENT_TYPE);
        String key = header != null ? header : "";
        EventDeserializer deserializer = this.byHeader.get(key);
        if (deserializer == null) {
            deserializer = choose(header);
            if (this.byHeader.size() < MAX_REMEMBERED) {
                this.byHeader.put(key, deserializer);
            }
        }
        return deserializer.deserialize(payload, type, topic, headers);
    }

    private EventDeserializer choose(@Nullable String header) {
        MimeType contentType = contentType(header);
        for (EventDeserializer deserializer : this.deserializers) {
            if (deserializer.reads(contentType)) {
                return deserializer;
            }
        }
        throw new IllegalArgumentException("no event deserializer reads content-type " + contentType + " (known: "
                + this.deserializers.stream().map(d -> d.getClass().getSimpleName()).collect(Collectors.joining(", "))
                + ")");
    }

    private static MimeType contentType(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT_CONTENT_TYPE;
        }
        try {
            return MimeTypeUtils.parseMimeType(header);
        }
        catch (InvalidMimeTypeException ex) {
            throw new IllegalArgumentException("malformed content-type '" + header + "': " + ex.getMessage(), ex);
        }
    }
}
