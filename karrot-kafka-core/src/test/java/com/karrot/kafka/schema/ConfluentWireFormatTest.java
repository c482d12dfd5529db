package com.karrot.kafka.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Byte-level vectors of the Confluent wire format: magic byte 0, the schema id as four bytes big endian, then
 * Avro binary, where an int or long is a zig-zag varint (n becomes 2n, or -2n-1 for negatives, in groups of seven
 * bits, least significant first, high bit set on all but the last), a string its length so encoded then its UTF-8
 * bytes, and a union the index of its branch then the value.
 */
class ConfluentWireFormatTest {

    private static final String USER = "{\"type\":\"record\",\"name\":\"User\",\"fields\":"
            + "[{\"name\":\"name\",\"type\":\"string\"}]}";

    private static final String ORDER = "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\","
            + "\"type\":\"long\"},{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}";

    private final StubRegistry stub = StubRegistry.start();

    private final HttpSchemaRegistryClient registry = HttpSchemaRegistryClient.builder(this.stub.url()).build();

    @AfterEach
    void stopStub() {
        this.stub.close();
    }

    @Test
    void userWithSchemaIdOneIsWrittenAsConfluentWritesIt() {
        this.stub.answer("POST", "/subjects/users-value/versions", 200, "{\"id\":1}");
        GenericRecord user = record(USER, Map.of("name", "a"));

        byte[] bytes = new KarrotAvroSerializer(this.registry).serialize("users", user);

        // magic, id 1, then the string "a": length 1 as zig-zag 2, and 'a'
        assertThat(bytes).containsExactly(0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x61);
    }

    @Test
    void orderWithSchemaId258IsWrittenAsConfluentWritesIt() {
        this.stub.answer("POST", "/subjects/orders-value/versions", 200, "{\"id\":258}");
        GenericRecord order = record(ORDER, Map.of("id", 300L, "note", "hi"));

        byte[] bytes = new KarrotAvroSerializer(this.registry).serialize("orders", order);

        // id 258 = 0x102; 300 as zig-zag 600 = 0b100_1011000: 0xd8 then 0x04; union branch 1 as 0x02; "hi"
        assertThat(bytes).containsExactly(0x00, 0x00, 0x00, 0x01, 0x02, 0xd8, 0x04, 0x02, 0x04, 0x68, 0x69);
    }

    @Test
    void bytesOfTheVectorAreReadBackIntoTheRecord() {
        this.stub.answer("GET", "/schemas/ids/258", 200, "{\"schema\":" + quoted(ORDER) + "}");
        byte[] bytes = { 0x00, 0x00, 0x00, 0x01, 0x02, (byte) 0xd8, 0x04, 0x02, 0x04, 0x68, 0x69 };

        Object order = new KarrotAvroDeserializer(this.registry).deserialize("orders", bytes);

        assertThat(order).isEqualTo(record(ORDER, Map.of("id", 300L, "note", "hi")));
    }

    @Test
    void primitivesAreWrittenWithTheirAvroTypeAndBytesRaw() {
        this.stub.answer("POST", "/subjects/t-value/versions", 200, "{\"id\":5}")
            .answer("GET", "/schemas/ids/5", 200, "{\"schema\":\"\\\"string\\\"\"}");
        KarrotAvroSerializer serializer = new KarrotAvroSerializer(this.registry);

        assertThat(serializer.serialize("t", "a")).containsExactly(0, 0, 0, 0, 5, 0x02, 0x61);
        assertThat(new KarrotAvroDeserializer(this.registry).deserialize("t", serializer.serialize("t", "a")))
            .isEqualTo("a");
        assertThat(this.stub.requests.get(0).body()).isEqualTo("{\"schema\":\"\\\"string\\\"\"}");

        this.stub.answer("POST", "/subjects/b-value/versions", 200, "{\"id\":6}");
        assertThat(serializer.serialize("b", new byte[] { 7, 8 })).containsExactly(0, 0, 0, 0, 6, 7, 8);
    }

    @Test
    void recordsOfTwoSchemasAlternatingOnOneTopicEachGetTheirOwnId() {
        this.stub.answer("POST", "/subjects/mixed-User/versions", 200, "{\"id\":1}")
            .answer("POST", "/subjects/mixed-Order/versions", 200, "{\"id\":258}");
        KarrotAvroSerializer serializer = new KarrotAvroSerializer(this.registry);
        serializer.configure(Map.of(KarrotAvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "TopicRecordNameStrategy"), false);
        GenericRecord user = record(USER, Map.of("name", "a"));
        GenericRecord order = record(ORDER, Map.of("id", 300L, "note", "hi"));

        for (int i = 0; i < 3; i++) {
            assertThat(serializer.serialize("mixed", user)).containsExactly(0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x61);
            assertThat(serializer.serialize("mixed", order)).containsExactly(0x00, 0x00, 0x00, 0x01, 0x02, 0xd8, 0x04,
                    0x02, 0x04, 0x68, 0x69);
        }
    }

    @Test
    void threadsSerialisingAtOnceEachGetTheirOwnRecordsBytes() throws Exception {
        this.stub.answer("POST", "/subjects/orders-value/versions", 200, "{\"id\":258}")
            .answer("GET", "/schemas/ids/258", 200, "{\"schema\":" + quoted(ORDER) + "}");
        KarrotAvroSerializer serializer = new KarrotAvroSerializer(this.registry);
        KarrotAvroDeserializer deserializer = new KarrotAvroDeserializer(this.registry);
        List<Callable<Boolean>> writers = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
            long first = thread * 10_000L;
            writers.add(() -> {
                for (long id = first; id < first + 2_000; id++) {
                    GenericRecord order = record(ORDER, Map.of("id", id, "note", "note " + id));
                    if (!order.equals(deserializer.deserialize("orders", serializer.serialize("orders", order)))) {
                        return false;
                    }
                }
                return true;
            });
        }
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            for (Future<Boolean> result : executor.invokeAll(writers, 60, TimeUnit.SECONDS)) {
                assertThat(result.get()).isTrue();
            }
        }
        finally {
            executor.shutdownNow();
        }
    }

    @Test
    void nullIsWrittenAsNullForTombstones() {
        assertThat(new KarrotAvroSerializer(this.registry).serialize("users", null)).isNull();
        assertThat(new KarrotAvroDeserializer(this.registry).deserialize("users", null)).isNull();
        assertThat(this.stub.requests).isEmpty();
    }

    @Test
    void recordWithAnotherMagicByteIsRefused() {
        byte[] bytes = { 0x01, 0x00, 0x00, 0x00, 0x01, 0x02, 0x61 };

        assertThatExceptionOfType(SerializationException.class)
            .isThrownBy(() -> new KarrotAvroDeserializer(this.registry).deserialize("users", bytes))
            .withMessage("A record of topic users starts with 0x01, not the magic byte 0x00 of the Confluent wire "
                    + "format");
    }

    @Test
    void recordShorterThanTheHeaderIsRefused() {
        assertThatExceptionOfType(SerializationException.class)
            .isThrownBy(() -> new KarrotAvroDeserializer(this.registry).deserialize("users", new byte[] { 0, 0 }))
            .withMessageContaining("has 2 bytes, fewer than the 5");
    }

    @Test
    void recordWithAnUnknownSchemaIdIsRefused() {
        this.stub.answer("GET", "/schemas/ids/42", 404, "{\"error_code\":40403,\"message\":\"Schema 42 not found\"}");
        byte[] bytes = { 0x00, 0x00, 0x00, 0x00, 0x2a, 0x02, 0x61 };

        assertThatExceptionOfType(SerializationException.class)
            .isThrownBy(() -> new KarrotAvroDeserializer(this.registry).deserialize("users", bytes))
            .withMessage("Cannot get schema id 42 of a record of topic users: Schema 42 not found (HTTP 404, error code "
                    + "40403)")
            .withCauseInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void truncatedPayloadIsASerializationException() {
        this.stub.answer("GET", "/schemas/ids/1", 200, "{\"schema\":" + quoted(USER) + "}");
        byte[] bytes = { 0x00, 0x00, 0x00, 0x00, 0x01, 0x04, 0x61 };

        assertThatExceptionOfType(SerializationException.class)
            .isThrownBy(() -> new KarrotAvroDeserializer(this.registry).deserialize("users", bytes))
            .withMessageStartingWith("Cannot read a record of topic users with schema id 1");
    }

    @Test
    void valueWithoutAnAvroTypeIsRefused() {
        assertThatExceptionOfType(SerializationException.class)
            .isThrownBy(() -> new KarrotAvroSerializer(this.registry).serialize("users", new Object()))
            .withMessageStartingWith("Cannot serialise a java.lang.Object with Avro");
    }

    static GenericRecord record(String schema, Map<String, Object> values) {
        GenericData.Record record = new GenericData.Record(new Schema.Parser().parse(schema));
        new HashMap<>(values).forEach(record::put);
        return record;
    }

    static String quoted(String json) {
        return "\"" + json.replace("\"", "\\\"") + "\"";
    }
}
