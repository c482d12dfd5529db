package com.karrot.kafka.schema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Avro side of the serde as Confluent's does it: the schema of a value (records, enums and fixed values carry
 * theirs; Java primitives, strings and bytes map to Avro's primitive types) and its binary encoding (bytes
 * written raw, without Avro's length prefix).
 */
final class AvroData {

    private static final Map<Class<?>, Schema> PRIMITIVES = Map.of(Boolean.class, primitive(Schema.Type.BOOLEAN),
            Integer.class, primitive(Schema.Type.INT), Long.class, primitive(Schema.Type.LONG), Float.class,
            primitive(Schema.Type.FLOAT), Double.class, primitive(Schema.Type.DOUBLE), String.class,
            primitive(Schema.Type.STRING), byte[].class, primitive(Schema.Type.BYTES));

    private AvroData() {
    }

    static Schema schemaOf(Object value) {
        if (value instanceof GenericContainer container) {
            return container.getSchema();
        }
        if (value instanceof CharSequence) {
            return PRIMITIVES.get(String.class);
        }
        if (value instanceof ByteBuffer) {
            return PRIMITIVES.get(byte[].class);
        }
        Schema schema = PRIMITIVES.get(value.getClass());
        if (schema == null) {
            throw new SerializationException("Cannot serialise a " + value.getClass().getName() + " with Avro: "
                    + "supported are records and other Avro containers, Boolean, Integer, Long, Float, Double, "
                    + "CharSequence, byte[] and ByteBuffer");
        }
        return schema;
    }

    static void write(Object value, Schema schema, ByteArrayOutputStream out) throws IOException {
        if (schema.getType() == Schema.Type.BYTES) {
            out.writeBytes(value instanceof ByteBuffer buffer ? bytes(buffer) : (byte[]) value);
            return;
        }
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer(value, schema).write(value, encoder);
        encoder.flush();
    }

    private static DatumWriter<Object> writer(Object value, Schema schema) {
        if (value instanceof SpecificRecordBase record) {
            // the record's own model: its conversions (logical types) and no per-record reflective look-up
            return new SpecificDatumWriter<>(schema, record.getSpecificData());
        }
        if (value instanceof SpecificRecord) {
            return new SpecificDatumWriter<>(schema);
        }
        return new GenericDatumWriter<>(schema, GenericData.get());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static Schema primitive(Schema.Type type) {
        return Schema.create(type);
    }
}
