package com.karrot.kafka.schema;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A Kafka {@link Deserializer} that reads Avro in the Confluent wire format, interchangeable with Confluent's
 * {@code KafkaAvroDeserializer}. The writer's schema is fetched by the id in the record (and cached); with
 * {@code specific.avro.reader=true}, records are read into the generated class the writer's schema names, with
 * that class's schema as the reader's schema, so data written with an older schema is resolved to the class's;
 * otherwise into a {@code GenericRecord} of the writer's schema. Strings come back as {@link String}, bytes as
 * {@code byte[]}.
 *
 * <p>Configured like {@link KarrotAvroSerializer}. A {@code null} record is read as {@code null}. Errors, such as a
 * wrong magic byte or an unknown schema id, are {@link SerializationException}s. Thread-safe once configured.
 */
public class KarrotAvroDeserializer implements Deserializer<Object> {

    private final SerdeRegistry registry;

    private boolean specificAvroReader;

    // a thread's decoder, reused from record to record: it holds no data between reads
    private static final ThreadLocal<@Nullable BinaryDecoder> DECODERS = new ThreadLocal<>();

    private final Map<Integer, Reader> readers = new ConcurrentHashMap<>();

    /** Creates a deserializer that {@link #configure(Map, boolean)} connects to {@code schema.registry.url}. */
    public KarrotAvroDeserializer() {
        this.registry = new SerdeRegistry("KarrotAvroDeserializer", null);
    }

    /**
     * Creates a deserializer into generic records, ready to use.
     * @param registry the registry client
     */
    public KarrotAvroDeserializer(SchemaRegistryClient registry) {
        Assert.notNull(registry, "registry must not be null");
        this.registry = new SerdeRegistry("KarrotAvroDeserializer", registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        KarrotAvroSerdeConfig config = this.registry.configure(configs);
        this.specificAvroReader = config.specificAvroReader;
        this.readers.clear();
    }

    @Override
    public @Nullable Object deserialize(String topic, byte @Nullable [] data) {
        if (data == null) {
            return null;
        }
        SchemaRegistryClient registry = this.registry.client();
        int schemaId = ConfluentWireFormat.schemaId(data, topic);
        Reader reader = this.readers.get(schemaId);
        if (reader == null) {
            reader = this.readers.computeIfAbsent(schemaId, id -> reader(registry, id, topic));
        }
        int offset = ConfluentWireFormat.HEADER_LENGTH;
        if (reader.writerSchema().getType() == Schema.Type.BYTES) {
            return Arrays.copyOfRange(data, offset, data.length);
        }
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, offset, data.length - offset,
                    DECODERS.get());
            DECODERS.set(decoder);
            Object value = reader.datumReader().read(null, decoder);
            return reader.writerSchema().getType() == Schema.Type.STRING ? value.toString() : value;
        }
        catch (IOException | AvroRuntimeException | ClassCastException | IndexOutOfBoundsException ex) {
            throw new SerializationException("Cannot read a record of topic " + topic + " with schema id " + schemaId
                    + ": " + ex.getMessage(), ex);
        }
    }

    private Reader reader(SchemaRegistryClient registry, int schemaId, String topic) {
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(schemaId);
        }
        catch (SchemaRegistryException ex) {
            throw new SerializationException("Cannot get schema id " + schemaId + " of a record of topic " + topic
                    + ": " + ex.getMessage(), ex);
        }
        return new Reader(writerSchema, reader(writerSchema));
    }

    /** The writer's schema of an id and the reader of its records, cached per id. */
    private record Reader(Schema writerSchema, DatumReader<Object> datumReader) {
    }

    private DatumReader<Object> reader(Schema writerSchema) {
        if (!this.specificAvroReader || writerSchema.getType() != Schema.Type.RECORD) {
            return new GenericDatumReader<>(writerSchema, writerSchema, GenericData.get());
        }
        Class<?> type = SpecificData.get().getClass(writerSchema);
        if (type == null) {
            throw new SerializationException("No class " + writerSchema.getFullName() + " for the writer's schema, "
                    + "which specific.avro.reader=true needs");
        }
        Schema readerSchema = SpecificData.get().getSchema(type);
        return new SpecificDatumReader<>(writerSchema, readerSchema, SpecificData.getForSchema(readerSchema));
    }
}
