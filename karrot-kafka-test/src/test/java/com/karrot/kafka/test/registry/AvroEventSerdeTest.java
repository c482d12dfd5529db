package com.karrot.kafka.test.registry;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.event.EventDescriptor;
import com.karrot.kafka.event.InvalidEventException;
import com.karrot.kafka.schema.AvroEventDeserializer;
import com.karrot.kafka.schema.AvroEventSerializer;
import com.karrot.kafka.schema.HttpSchemaRegistryClient;
import com.karrot.kafka.schema.KarrotAvroSerdeConfig;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.serde.EventDeserializers;
import com.karrot.kafka.serde.EventSerializer;
import com.karrot.kafka.serde.JsonEventDeserializer;
import com.karrot.kafka.serde.JsonEventSerializer;
import com.karrot.kafka.serde.SerializedEvent;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Avro events through the serialization seam, with the in-memory registry over HTTP. */
class AvroEventSerdeTest {

    private static final EventDescriptor DESCRIPTOR = new EventDescriptor("USER_CREATED", "user", "u1", null);

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.start();

    private final SchemaRegistryClient client = HttpSchemaRegistryClient.builder(this.registry.url()).build();

    private final JsonMapper mapper = JsonMapper.builder().build();

    private final AvroEventSerializer avro = new AvroEventSerializer(this.client, Map.of());

    private final EventDeserializers deserializers = new EventDeserializers(
            List.of(new JsonEventDeserializer(this.mapper), new AvroEventDeserializer(this.client, false)));

    @AfterEach
    void stopRegistry() {
        this.registry.close();
    }

    @Test
    void avroEventIsWrittenUnderItsTopicAndRecordNameAndReadIntoItsClass() {
        SerializedEvent written = this.avro.serialize(new UserCreated("ann", "ann@example.com"), DESCRIPTOR,
                "users", new HashMap<>());

        assertThat(written.contentType()).isEqualTo("application/vnd.karrot.avro");
        assertThat(this.client.subjects()).containsExactly("users-com.karrot.kafka.test.registry.UserCreated");
        assertThat(read(written, UserCreated.class)).isEqualTo(new UserCreated("ann", "ann@example.com"));
    }

    @Test
    void subjectNameStrategyCanBeConfigured() {
        new AvroEventSerializer(this.client, Map.of(KarrotAvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "TOPIC"))
            .serialize(new UserCreated("ann", "a@example.com"), DESCRIPTOR, "users", new HashMap<>());

        assertThat(this.client.subjects()).containsExactly("users-value");
    }

    @Test
    void listenerTakingGenericRecordGetsTheWritersRecordOrWithSpecificReaderTheGeneratedClass() {
        SerializedEvent written = this.avro.serialize(new UserCreated("bob", "b@example.com"), DESCRIPTOR, "users",
                new HashMap<>());
        Map<String, String> headers = Map.of(CloudEventHeaders.CONTENT_TYPE, written.contentType());

        GenericRecord generic = new AvroEventDeserializer(this.client, false).deserialize(written.payload(),
                GenericRecord.class, "users", headers);
        Object specific = new AvroEventDeserializer(this.client, true).deserialize(written.payload(), Object.class,
                "users", headers);

        assertThat(generic).isInstanceOf(GenericData.Record.class);
        assertThat(generic.get("name")).hasToString("bob");
        assertThat(specific).isEqualTo(new UserCreated("bob", "b@example.com"));
    }

    @Test
    void eventWrittenWithAnOlderSchemaGetsTheDefaultsOfTheListenersClass() {
        GenericRecord v1 = new GenericData.Record(AvroSerdeRoundTripTest.USER_CREATED_V1);
        v1.put("name", "cid");
        SerializedEvent written = this.avro.serialize(v1, DESCRIPTOR, "users", new HashMap<>());

        assertThat(read(written, UserCreated.class)).isEqualTo(new UserCreated("cid", "unknown"));
    }

    @Test
    void combinedSerializerWritesAvroEventsAsAvroAndOthersAsJsonAndOneTopicOfBothIsReadRecordByRecord() {
        EventSerializer serializer = this.avro.orElse(new JsonEventSerializer(this.mapper));

        SerializedEvent avroEvent = serializer.serialize(new UserCreated("dan", "d@example.com"), DESCRIPTOR, "users",
                new HashMap<>());
        SerializedEvent jsonEvent = serializer.serialize(new UserRenamed("u1", "daniel"), DESCRIPTOR, "users",
                new HashMap<>());

        assertThat(avroEvent.contentType()).isEqualTo(AvroEventSerializer.CONTENT_TYPE);
        assertThat(jsonEvent.contentType()).isEqualTo("application/json");
        assertThat(new String(jsonEvent.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"userId\":\"u1\",\"name\":\"daniel\"}");
        assertThat(read(avroEvent, UserCreated.class)).isEqualTo(new UserCreated("dan", "d@example.com"));
        assertThat(read(jsonEvent, UserRenamed.class)).isEqualTo(new UserRenamed("u1", "daniel"));
    }

    @Test
    void eventThatIsNotAnAvroRecordIsRefusedByTheAvroSerializer() {
        assertThatExceptionOfType(InvalidEventException.class)
            .isThrownBy(() -> this.avro.serialize(new UserRenamed("u1", "x"), DESCRIPTOR, "users", new HashMap<>()))
            .withMessageContaining("is not an Avro record");
    }

    @Test
    void avroPayloadIntoAClassThatIsNotAvroFailsWithTheReason() {
        SerializedEvent written = this.avro.serialize(new UserCreated("eve", "e@example.com"), DESCRIPTOR, "users",
                new HashMap<>());

        assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> read(written, UserRenamed.class))
            .withMessageContaining("Cannot read Avro into " + UserRenamed.class.getName());
    }

    private <T> T read(SerializedEvent event, Class<T> type) {
        return this.deserializers.deserialize(event.payload(), type, "users",
                Map.of(CloudEventHeaders.CONTENT_TYPE, event.contentType()));
    }

    record UserRenamed(String userId, String name) {
    }
}
