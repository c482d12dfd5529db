package com.karrot.kafka.listener;

import org.springframework.util.Assert;

import tools.jackson.databind.json.JsonMapper;

/**
 * Reads JSON record values with a Jackson {@link JsonMapper}, the counterpart of the outbox's JSON serializer.
 * Thread-safe when the mapper is.
 */
public final class JsonEventPayloadConverter implements EventPayloadConverter {

    private final JsonMapper mapper;

    /**
     * Creates the converter.
     * @param mapper the mapper, usually the application's
     */
    public JsonEventPayloadConverter(JsonMapper mapper) {
        Assert.notNull(mapper, "mapper must not be null");
        this.mapper = mapper;
    }

    @Override
    public <T> T convert(byte[] payload, Class<T> type) {
        return this.mapper.readValue(payload, type);
    }
}
