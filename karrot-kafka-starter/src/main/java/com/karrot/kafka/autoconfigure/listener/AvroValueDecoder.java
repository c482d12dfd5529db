package com.karrot.kafka.autoconfigure.listener;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.karrot.kafka.autoconfigure.listener.DeadLetterEndpoint.DecodedValue;
import com.karrot.kafka.listener.dlq.DeadLetter;
import com.karrot.kafka.schema.RegisteredSchema;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.schema.SchemaRegistryException;
import com.karrot.kafka.schema.SubjectNameStrategy;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;

/**
 * Decodes dead letters' values in the Confluent wire format (magic byte {@code 0}, the schema id in four bytes, Avro
 * binary) with the writer's schema fetched from the registry by that id, into Avro's own JSON encoding, and names the
 * subject and version that hold the schema when the subject name strategy finds them under the topic the record
 * failed on. When the registry does not know the id, cannot be reached or the bytes do not fit the schema, the
 * decoded value says why. A registry that could not be reached is not asked again for the same page, so that a page
 * waits for at most one of its timeouts.
 */
final class AvroValueDecoder implements DeadLetterValueDecoder {

    private static final int HEADER_LENGTH = 5;

    private final SchemaRegistryClient registry;

    private final SubjectNameStrategy subjectNames;

    AvroValueDecoder(SchemaRegistryClient registry, SubjectNameStrategy subjectNames) {
        this.registry = registry;
        this.subjectNames = subjectNames;
    }

    @Override
    public Map<String, DecodedValue> decode(List<DeadLetter> deadLetters) {
        Map<String, DecodedValue> decoded = new LinkedHashMap<>();
        // a page's letters mostly share a topic and a schema: their subject is looked up once
        Map<String, Optional<RegisteredSchema>> lookups = new HashMap<>();
        @Nullable String unreachable = null;
        for (DeadLetter deadLetter : deadLetters) {
            byte[] value = deadLetter.value();
            if (value == null || value.length < HEADER_LENGTH || value[0] != 0) {
                continue;
            }
            int schemaId = ByteBuffer.wrap(value, 1, 4).getInt();
            if (unreachable != null) {
                decoded.put(deadLetter.id(), DecodedValue.failed(schemaId, unreachable));
                continue;
            }
            Schema schema;
            try {
                schema = this.registry.schemaById(schemaId);
            }
            catch (SchemaRegistryException ex) {
                String error = ex.isSchemaNotFound() ? "the schema registry has no schema with id " + schemaId
                        : "the schema registry could not be asked for schema id " + schemaId + ": " + ex.getMessage();
                if (ex.status() == 0) {
                    unreachable = error;
                }
                decoded.put(deadLetter.id(), DecodedValue.failed(schemaId, error));
                continue;
            }
            String topic = deadLetter.originalTopic();
            RegisteredSchema registered = (topic != null)
                    ? lookups.computeIfAbsent(topic + "/" + schemaId, key -> registered(schema, topic)).orElse(null)
                    : null;
            decoded.put(deadLetter.id(), decode(value, schemaId, schema, registered));
        }
        return decoded;
    }

    private static DecodedValue decode(byte[] value, int schemaId, Schema schema, @Nullable RegisteredSchema registered) {
        String json;
        try {
            json = json(value, schema);
        }
        catch (IOException | AvroRuntimeException | ClassCastException | IndexOutOfBoundsException ex) {
            return DecodedValue.failed(schemaId, "the value does not read with schema id " + schemaId + ": "
                    + ex.getMessage());
        }
        boolean cut = json.length() > RecordContent.MAX_SHOWN;
        return new DecodedValue(schemaId, registered != null ? registered.subject() : null,
                registered != null ? registered.version() : null, cut ? json.substring(0, RecordContent.MAX_SHOWN) : json,
                cut, null);
    }

    /** The value in Avro's JSON encoding of the writer's schema; bytes values are written raw after the header. */
    private static String json(byte[] value, Schema schema) throws IOException {
        Object datum = (schema.getType() == Schema.Type.BYTES)
                ? ByteBuffer.wrap(Arrays.copyOfRange(value, HEADER_LENGTH, value.length))
                : new GenericDatumReader<>(schema, schema, GenericData.get()).read(null, DecoderFactory.get()
                    .binaryDecoder(value, HEADER_LENGTH, value.length - HEADER_LENGTH, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
        new GenericDatumWriter<>(schema, GenericData.get()).write(datum, encoder);
        encoder.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The subject and version of the schema under the topic the record failed on, when the registry has them. */
    private Optional<RegisteredSchema> registered(Schema schema, String originalTopic) {
        try {
            return Optional.of(this.registry.lookup(this.subjectNames.subject(originalTopic, false, schema), schema));
        }
        catch (SchemaRegistryException | SerializationException ex) {
            return Optional.empty();
        }
    }
}
