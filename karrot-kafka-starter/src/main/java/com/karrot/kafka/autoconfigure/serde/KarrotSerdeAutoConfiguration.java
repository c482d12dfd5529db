package com.karrot.kafka.autoconfigure.serde;

import com.karrot.kafka.serde.EventDeserializer;
import com.karrot.kafka.serde.EventDeserializers;
import com.karrot.kafka.serde.EventSerializer;
import com.karrot.kafka.serde.JsonEventDeserializer;
import com.karrot.kafka.serde.JsonEventSerializer;
import com.karrot.kafka.autoconfigure.listener.ListenerProperties;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the serialization seam the outbox and listeners share: the {@link EventSerializer} the outbox
 * writes payloads with (JSON with the application's {@link JsonMapper} unless the service declares its own), and
 * the {@link EventDeserializers} that listeners read them with, made of every {@link EventDeserializer} bean in
 * order and chosen per record by its {@code content-type}; the JSON one is always among them, tolerant of fields
 * added and removed unless {@code karrot.kafka.listener.json.*} says otherwise.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@EnableConfigurationProperties(ListenerProperties.class)
public final class KarrotSerdeAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventSerializer karrotEventSerializer(ObjectProvider<JsonMapper> jsonMapper) {
        return new JsonEventSerializer(mapper(jsonMapper));
    }

    /**
     * Reads with a copy of the application's mapper whose failures on fields that an event class gained or lost
     * since a record was written are as {@code karrot.kafka.listener.json.*} says; the application's mapper is
     * left as it is.
     */
    @Bean
    @ConditionalOnMissingBean
    JsonEventDeserializer karrotJsonEventDeserializer(ObjectProvider<JsonMapper> jsonMapper, ListenerProperties listener) {
        ListenerProperties.Json json = listener.getJson();
        return new JsonEventDeserializer(mapper(jsonMapper).rebuild()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, json.isFailOnUnknownProperties())
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, json.isFailOnNullForPrimitives())
            .build());
    }

    @Bean
    @ConditionalOnMissingBean
    EventDeserializers karrotEventDeserializers(ObjectProvider<EventDeserializer> deserializers) {
        return new EventDeserializers(deserializers.orderedStream().toList());
    }

    private static JsonMapper mapper(ObjectProvider<JsonMapper> jsonMapper) {
        return jsonMapper.getIfAvailable(() -> JsonMapper.builder().findAndAddModules().build());
    }
}
