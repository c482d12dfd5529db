package com.karrot.kafka.test.assertj;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.schema.AvroEventDeserializer;
import com.karrot.kafka.schema.AvroEventSerializer;
import com.karrot.kafka.schema.HttpSchemaRegistryClient;
import com.karrot.kafka.serde.EventDeserializer;
import com.karrot.kafka.serde.EventDeserializers;
import com.karrot.kafka.serde.JsonEventDeserializer;
import com.karrot.kafka.test.registry.InMemorySchemaRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.MimeType;

/**
 * Reads record values as events the way a {@code @KarrotEventListener} does: by the record's {@code content-type},
 * JSON with a tolerant mapper, Avro through the test kit's shared in-memory registry (connected on the first Avro
 * record), unless a test hands over its application's own deserializers.
 */
final class Payloads {

    private static final Payloads DEFAULT = new Payloads(new EventDeserializers(List.of(new JsonEventDeserializer(
            JsonMapper.builder()
                .findAndAddModules()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build()),
            new SharedRegistryAvro())));

    private final EventDeserializers deserializers;

    Payloads(EventDeserializers deserializers) {
        this.deserializers = deserializers;
    }

    static Payloads defaults() {
        return DEFAULT;
    }

    <T> T read(ConsumerRecord<byte[], byte[]> record, Class<T> type) {
        if (record.value() == null) {
            throw new IllegalArgumentException("record " + Records.position(record) + " has no value");
        }
        return this.deserializers.deserialize(record.value(), type, record.topic(), headers(record));
    }

    static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() != null ? new String(header.value(), StandardCharsets.UTF_8) : "");
        }
        return headers;
    }

    // the Avro deserializer of the shared registry, made when the first Avro record is read
    private static final class SharedRegistryAvro implements EventDeserializer {

        private static final MimeType AVRO = MimeType.valueOf(AvroEventSerializer.CONTENT_TYPE);

        private @Nullable AvroEventDeserializer delegate;

        @Override
        public boolean reads(MimeType contentType) {
            return contentType.equalsTypeAndSubtype(AVRO);
        }

        @Override
        public <T> T deserialize(byte[] payload, Class<T> type, String topic, Map<String, String> headers) {
            return delegate().deserialize(payload, type, topic, headers);
        }

        private synchronized AvroEventDeserializer delegate() {
            if (this.delegate == null) {
                this.delegate = new AvroEventDeserializer(
                        HttpSchemaRegistryClient.builder(InMemorySchemaRegistry.shared().url()).build(), true);
            }
            return this.delegate;
        }
    }
}
