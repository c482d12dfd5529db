package com.karrot.kafka.serde;

import java.util.Map;

import com.karrot.kafka.event.EventDescriptor;
import com.karrot.kafka.event.InvalidEventException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;
import org.springframework.util.MimeTypeUtils;

/**
 * Writes events as JSON with a Jackson {@link JsonMapper}, usually the application's: the default format of the
 * outbox. Thread-safe.
 */
public final class JsonEventSerializer implements EventSerializer {

    /** The content type this serializer writes. */
    public static final String CONTENT_TYPE = MimeTypeUtils.APPLICATION_JSON_VALUE;

    private final JsonMapper mapper;

    /**
     * Creates the serializer.
     * @param mapper the mapper, usually the application's own
     */
    public JsonEventSerializer(JsonMapper mapper) {
        Assert.notNull(mapper, "mapper must not be null");
        this.mapper = mapper;
    }

    @Override
    public SerializedEvent serialize(Object event, EventDescriptor descriptor, String topic,
            Map<String, String> headers) {
        try {
            return new SerializedEvent(this.mapper.writeValueAsBytes(event), CONTENT_TYPE);
        }
        catch (JacksonException ex) {
            throw new InvalidEventException("cannot serialise " + event.getClass().getName() + " to JSON: "
                    + ex.getOriginalMessage(), ex);
        }
    }
}
