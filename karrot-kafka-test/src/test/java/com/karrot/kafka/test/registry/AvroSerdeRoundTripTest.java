package com.karrot.kafka.test.registry;

import java.util.HashMap;
import java.util.Map;

import com.karrot.kafka.schema.HttpSchemaRegistryClient;
import com.karrot.kafka.schema.KarrotAvroDeserializer;
import com.karrot.kafka.schema.KarrotAvroSerdeConfig;
import com.karrot.kafka.schema.KarrotAvroSerializer;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.schema.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The Avro serde through the in-memory registry over HTTP, configured by properties as Kafka clients do. */
class AvroSerdeRoundTripTest {

    /** Version 1 of {@link UserCreated}: no {@code email}. */
    static final Schema USER_CREATED_V1 = SchemaBuilder.record("UserCreated")
        .namespace("com.karrot.kafka.test.registry")
        .fields()
        .requiredString("name")
        .endRecord();

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.start();

    private final SchemaRegistryClient client = HttpSchemaRegistryClient.builder(this.registry.url()).build();

    @AfterEach
    void stopRegistry() {
        this.registry.close();
    }

    @Test
    void specificRecordComesBackAsItsClass() {
        byte[] bytes = serializer(Map.of()).serialize("users", new UserCreated("ann", "ann@example.com"));

        Object user = deserializer(Map.of(KarrotAvroSerdeConfig.SPECIFIC_AVRO_READER, "true")).deserialize("users", bytes);

        assertThat(user).isInstanceOf(UserCreated.class).isEqualTo(new UserCreated("ann", "ann@example.com"));
        assertThat(this.client.latestVersion("users-value").schema()).isEqualTo(UserCreated.SCHEMA$);
    }

    @Test
    void genericRecordComesBackAsAGenericRecordOfTheWritersSchema() {
        GenericRecord user = user(Map.of("name", "bob"));

        Object read = deserializer(Map.of()).deserialize("users", serializer(Map.of()).serialize("users", user));

        assertThat(read).isInstanceOf(GenericData.Record.class).isEqualTo(user);
    }

    @Test
    void recordWrittenWithVersionOneIsReadIntoTheClassOfVersionTwo() {
        byte[] writtenWithV1 = serializer(Map.of()).serialize("users", user(Map.of("name", "cid")));
        this.client.register("users-value", UserCreated.SCHEMA$);

        Object user = deserializer(Map.of(KarrotAvroSerdeConfig.SPECIFIC_AVRO_READER, true))
            .deserialize("users", writtenWithV1);

        assertThat(user).isEqualTo(new UserCreated("cid", "unknown"));
        assertThat(this.client.versions("users-value")).containsExactly(1, 2);
    }

    @Test
    void recordWrittenWithVersionOneIsReadGenericallyWithItsOwnSchema() {
        this.client.register("users-value", USER_CREATED_V1);
        byte[] bytes = serializer(Map.of()).serialize("users", new UserCreated("dan", "dan@example.com"));

        GenericRecord user = (GenericRecord) deserializer(Map.of()).deserialize("users", bytes);

        assertThat(user.getSchema()).isEqualTo(UserCreated.SCHEMA$);
        assertThat(user.get("email")).hasToString("dan@example.com");
    }

    @Test
    void serializerThatDoesNotRegisterUsesTheRegisteredId() {
        int id = this.client.register("users-value", UserCreated.SCHEMA$);

        byte[] bytes = serializer(Map.of(KarrotAvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"))
            .serialize("users", new UserCreated("eve", "e"));

        assertThat(bytes).startsWith(0, 0, 0, 0, id);
    }

    @Test
    void serializerThatDoesNotRegisterRefusesAnUnregisteredSchema() {
        KarrotAvroSerializer serializer = serializer(Map.of(KarrotAvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"));
        UserCreated user = new UserCreated("fay", "f");

        assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> serializer.serialize("users", user))
            .withMessageStartingWith("Cannot get a schema id for subject users-value of topic users: Subject "
                    + "'users-value' not found.")
            .havingCause().isInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void recordIncompatibleWithTheSubjectIsRefusedByTheRegistry() {
        serializer(Map.of()).serialize("users", new UserCreated("gus", "g"));
        GenericData.Record numericName = new GenericData.Record(new Schema.Parser().parse("{\"type\":\"record\","
                + "\"name\":\"UserCreated\",\"namespace\":\"com.karrot.kafka.test.registry\",\"fields\":"
                + "[{\"name\":\"name\",\"type\":\"int\"}]}"));
        numericName.put("name", 7);
        KarrotAvroSerializer serializer = serializer(Map.of());

        assertThatExceptionOfType(SerializationException.class)
            .isThrownBy(() -> serializer.serialize("users", numericName))
            .withMessageContaining("incompatible with an earlier schema for subject \"users-value\"")
            .withMessageContaining("TYPE_MISMATCH at /fields/0/type")
            .havingCause().isInstanceOfSatisfying(SchemaRegistryException.class,
                    ex -> assertThat(ex.isIncompatible()).isTrue());
        assertThat(this.client.versions("users-value")).containsExactly(1);
    }

    @Test
    void recordNameStrategyRegistersUnderTheRecordsFullName() {
        serializer(Map.of(KarrotAvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                "io.confluent.kafka.serializers.subject.RecordNameStrategy"))
            .serialize("users", new UserCreated("jo", "j"));

        assertThat(this.client.subjects()).containsExactly("com.karrot.kafka.test.registry.UserCreated");
    }

    private KarrotAvroSerializer serializer(Map<String, Object> settings) {
        KarrotAvroSerializer serializer = new KarrotAvroSerializer();
        serializer.configure(withUrl(settings), false);
        return serializer;
    }

    private KarrotAvroDeserializer deserializer(Map<String, Object> settings) {
        KarrotAvroDeserializer deserializer = new KarrotAvroDeserializer();
        deserializer.configure(withUrl(settings), false);
        return deserializer;
    }

    private Map<String, Object> withUrl(Map<String, Object> settings) {
        Map<String, Object> configs = new HashMap<>(settings);
        configs.put(KarrotAvroSerdeConfig.SCHEMA_REGISTRY_URL, this.registry.url());
        return configs;
    }

    private static GenericRecord user(Map<String, Object> values) {
        GenericData.Record record = new GenericData.Record(USER_CREATED_V1);
        values.forEach(record::put);
        return record;
    }
}
