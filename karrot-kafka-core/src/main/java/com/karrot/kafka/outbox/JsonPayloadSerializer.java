package com.karrot.kafka.outbox;

import com.karrot.kafka.event.InvalidEventException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/** Serialises events to JSON with the application's Jackson {@link JsonMapper}, the default payload format. */
public class JsonPayloadSerializer implements PayloadSerializer {

    private final JsonMapper mapper;

    /**
     * Creates the serializer.
     * @param mapper the mapper, usually the application's own
     */
    public JsonPayloadSerializer(JsonMapper mapper) {
        Assert.notNull(mapper, "mapper must not be null");
        this.mapper = mapper;
    }

    @Override
    public byte[] serialize(Object event) {
        try {
            return this.mapper.writeValueAsBytes(event);
        }
        catch (JacksonException ex) {
            throw new InvalidEventException("cannot serialise " + event.getClass().getName() + " to JSON: "
                    + ex.getOriginalMessage(), ex);
        }
    }

    @Override
    public String contentType() {
        return "application/json";
    }
}
