package com.karrot.kafka.autoconfigure.listener;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.autoconfigure.listener.DeadLetterEndpoint.DecodedValue;
import com.karrot.kafka.listener.dlq.DeadLetter;
import com.karrot.kafka.schema.HttpSchemaRegistryClient;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.schema.SubjectNameStrategy;
import com.karrot.kafka.test.registry.InMemorySchemaRegistry;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/** Dead letters' Avro values decoded through a registry over HTTP (the test kit's in-memory one), or why not. */
class AvroValueDecoderTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "PaymentRequested", "namespace": "com.karrot.test",
             "fields": [{"name": "paymentId", "type": "string"}, {"name": "amount", "type": "long"},
                        {"name": "note", "type": ["null", "string"], "default": null}]}""");

    private static final String TOPIC = "decoder-payments";

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.start();

    private final SchemaRegistryClient client = HttpSchemaRegistryClient.builder(this.registry.url()).build();

    @AfterEach
    void stopRegistry() {
        this.registry.close();
    }

    @Test
    void avroValueIsDecodedAsAvroJsonWithItsSubjectAndVersion() {
        String subject = SubjectNameStrategy.TOPIC_RECORD.subject(TOPIC, false, SCHEMA);
        int id = this.client.register(subject, SCHEMA);
        DeadLetter letter = deadLetter(0, wire(id, payment("p-1", 12_000L, "gift")));

        DecodedValue decoded = decoder(SubjectNameStrategy.TOPIC_RECORD).decode(List.of(letter)).get(letter.id());

        assertThat(decoded).isEqualTo(new DecodedValue(id, subject, 1,
                "{\"paymentId\":\"p-1\",\"amount\":12000,\"note\":{\"string\":\"gift\"}}", false, null));
        assertThat(RecordContent.of(letter.value()).encoding()).isEqualTo("base64");
    }

    @Test
    void subjectAndVersionAreLeftOutWhenTheStrategyFindsNoSubject() {
        int id = this.client.register("elsewhere-value", SCHEMA);
        DeadLetter letter = deadLetter(0, wire(id, payment("p-2", 1L, null)));

        DecodedValue decoded = decoder(SubjectNameStrategy.TOPIC).decode(List.of(letter)).get(letter.id());

        assertThat(decoded.json()).isEqualTo("{\"paymentId\":\"p-2\",\"amount\":1,\"note\":null}");
        assertThat(decoded.subject()).isNull();
        assertThat(decoded.version()).isNull();
    }

    @Test
    void unknownSchemaIdKeepsTheBytesAndSaysWhy() {
        DeadLetter letter = deadLetter(0, wire(4242, new byte[] { 2, 'x' }));

        DecodedValue decoded = decoder(SubjectNameStrategy.TOPIC).decode(List.of(letter)).get(letter.id());

        assertThat(decoded.schemaId()).isEqualTo(4242);
        assertThat(decoded.json()).isNull();
        assertThat(decoded.decodeError()).isEqualTo("the schema registry has no schema with id 4242");
    }

    @Test
    void bytesThatDoNotFitTheSchemaSayWhy() {
        int id = this.client.register("misfit-value", SCHEMA);
        DeadLetter letter = deadLetter(0, wire(id, new byte[] { 8, 'a' }));

        DecodedValue decoded = decoder(SubjectNameStrategy.TOPIC).decode(List.of(letter)).get(letter.id());

        assertThat(decoded.json()).isNull();
        assertThat(decoded.decodeError()).startsWith("the value does not read with schema id " + id);
    }

    @Test
    void unreachableRegistryIsAskedOncePerPageAndEveryLetterSaysWhy() {
        SchemaRegistryClient closed = HttpSchemaRegistryClient.builder("http://127.0.0.1:" + closedPort())
            .connectTimeout(Duration.ofSeconds(2))
            .build();
        List<DeadLetter> page = List.of(deadLetter(0, wire(1, new byte[] { 0 })), deadLetter(1, wire(2, new byte[] { 0 })));

        Map<String, DecodedValue> decoded = new AvroValueDecoder(closed, SubjectNameStrategy.TOPIC).decode(page);

        assertThat(decoded).hasSize(2);
        assertThat(decoded.get(page.get(0).id()).decodeError())
            .startsWith("the schema registry could not be asked for schema id 1");
        // the second letter was not asked for: it carries the first one's reason
        assertThat(decoded.get(page.get(1).id()).decodeError()).isEqualTo(decoded.get(page.get(0).id()).decodeError());
        assertThat(decoded.get(page.get(1).id()).schemaId()).isEqualTo(2);
    }

    @Test
    void valuesNotInTheWireFormatAreLeftOut() {
        List<DeadLetter> page = List.of(deadLetter(0, "{\"paymentId\":\"p-3\"}".getBytes(StandardCharsets.UTF_8)),
                deadLetter(1, null), deadLetter(2, new byte[] { 0, 0, 1 }));

        assertThat(decoder(SubjectNameStrategy.TOPIC).decode(page)).isEmpty();
    }

    private AvroValueDecoder decoder(SubjectNameStrategy strategy) {
        return new AvroValueDecoder(this.client, strategy);
    }

    private static DeadLetter deadLetter(long offset, byte[] value) {
        return new DeadLetter(TOPIC + ".dlq", 0, offset, Instant.parse("2026-12-01T08:00:00Z"), null, value,
                List.of(new RecordHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC, TOPIC.getBytes(StandardCharsets.UTF_8))),
                false);
    }

    private static byte[] payment(String paymentId, long amount, String note) {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("paymentId", paymentId);
        record.put("amount", amount);
        record.put("note", note);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(SCHEMA).write(record, encoder);
            encoder.flush();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private static byte[] wire(int schemaId, byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length).put((byte) 0).putInt(schemaId).put(payload).array();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
