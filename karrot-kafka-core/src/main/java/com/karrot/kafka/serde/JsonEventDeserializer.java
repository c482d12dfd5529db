package com.karrot.kafka.serde;

import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;
import org.springframework.util.MimeType;

/**
 * Reads JSON record values with a Jackson {@link JsonMapper}, usually the application's: {@code application/json}
 * and any {@code application/*+json} type. Thread-safe.
 */
public final class JsonEventDeserializer implements EventDeserializer {

    private final JsonMapper mapper;

    /**
     * Creates the deserializer.
     * @param mapper the mapper, usually the application's own
     */
    public JsonEventDeserializer(JsonMapper mapper) {
        Assert.notNull(mapper, "mapper must not be null");
        this.mapper = mapper;
    }

    @Override
    public boolean reads(MimeType contentType) {
        return "application".equals(contentType.getType())
                && ("json".equals(contentType.getSubtype()) || contentType.getSubtype().endsWith("+json"));
    }

    @Override
    public <T> T deserialize(byte[] payload, Class<T> type, String topic, Map<String, String> headers) {
        return this.mapper.readValue(payload, type);
    }
}
