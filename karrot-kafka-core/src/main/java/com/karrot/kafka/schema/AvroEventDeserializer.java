package com.karrot.kafka.schema;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.karrot.kafka.serde.EventDeserializer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

import org.springframework.util.Assert;
import org.springframework.util.MimeType;

/**
 * Reads the Avro payloads that {@link AvroEventSerializer} writes (content type {@value AvroEventSerializer#CONTENT_TYPE},
 * Confluent wire format). The writer's schema is fetched from the registry by the id in the payload and resolved
 * against the class the listener takes: a generated {@code SpecificRecord} class is read with its own schema, so
 * data written with an older schema gets the class's defaults; a listener taking {@code GenericRecord} (or
 * {@code Object}) gets a generic record of the writer's schema, or, with {@code specificReader}, the generated class
 * the writer's schema names when there is one. Thread-safe.
 */
public final class AvroEventDeserializer implements EventDeserializer {

    private static final MimeType AVRO = MimeType.valueOf(AvroEventSerializer.CONTENT_TYPE);

    private final SchemaRegistryClient registry;

    private final boolean specificReader;

    private final Map<Integer, Map<Class<?>, DatumReader<Object>>> readers = new ConcurrentHashMap<>();

    /**
     * Creates the deserializer.
     * @param registry the registry client
     * @param specificReader whether listeners that take {@code GenericRecord} or {@code Object} get the generated
     * class the writer's schema names, when it is on the class path
     */
    public AvroEventDeserializer(SchemaRegistryClient registry, boolean specificReader) {
        Assert.notNull(registry, "registry must not be null");
        this.registry = registry;
        this.specificReader = specificReader;
    }

    @Override
    public boolean reads(MimeType contentType) {
        return contentType.equalsTypeAndSubtype(AVRO);
    }

    @Override
    public <T> T deserialize(byte[] payload, Class<T> type, String topic, Map<String, String> headers) {
        int schemaId = ConfluentWireFormat.schemaId(payload, topic);
        Schema writerSchema;
        try {
            writerSchema = this.registry.schemaById(schemaId);
        }
        catch (SchemaRegistryException ex) {
            throw new SerializationException("Cannot get schema id " + schemaId + " of a record of topic " + topic
                    + ": " + ex.getMessage(), ex);
        }
        DatumReader<Object> reader = this.readers.computeIfAbsent(schemaId, id -> new ConcurrentHashMap<>())
            .computeIfAbsent(type, key -> reader(writerSchema, type));
        int offset = ConfluentWireFormat.HEADER_LENGTH;
        try {
            Object value = reader.read(null,
                    DecoderFactory.get().binaryDecoder(payload, offset, payload.length - offset, null));
            return type.cast(value);
        }
        catch (IOException | AvroRuntimeException | ClassCastException | IndexOutOfBoundsException ex) {
            throw new SerializationException("Cannot read a record of topic " + topic + " with schema id " + schemaId
                    + " into " + type.getName() + ": " + ex.getMessage(), ex);
        }
    }

    private DatumReader<Object> reader(Schema writerSchema, Class<?> type) {
        Class<?> target = type;
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            if (!type.isAssignableFrom(GenericData.Record.class)) {
                throw new SerializationException("Cannot read Avro into " + type.getName() + ": take a generated "
                        + "SpecificRecord class or GenericRecord");
            }
            Class<?> named = this.specificReader ? SpecificData.get().getClass(writerSchema) : null;
            if (named == null || !type.isAssignableFrom(named)) {
                return new GenericDatumReader<>(writerSchema, writerSchema, GenericData.get());
            }
            target = named;
        }
        SpecificData model = SpecificData.getForClass(target);
        return new SpecificDatumReader<>(writerSchema, model.getSchema(target), model);
    }
}
