package com.karrot.kafka.schema;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
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
import org.jspecify.annotations.Nullable;

/**
 * The Avro side of the serde as Confluent's does it: the schema of a value (records, enums and fixed values carry
 * theirs; Java primitives, strings and bytes map to Avro's primitive types) and its binary encoding (bytes
 * written raw, without Avro's length prefix), through a per-thread buffer and encoder reused from record to record.
 */
final class AvroData {

    private static final Map<Class<?>, Schema> PRIMITIVES = Map.of(Boolean.class, primitive(Schema.Type.BOOLEAN),
            Integer.class, primitive(Schema.Type.INT), Long.class, primitive(Schema.Type.LONG), Float.class,
            primitive(Schema.Type.FLOAT), Double.class, primitive(Schema.Type.DOUBLE), String.class,
            primitive(Schema.Type.STRING), byte[].class, primitive(Schema.Type.BYTES));

    private static final int MAX_KEPT_BUFFER = 1024 * 1024;

    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    private AvroData() {
    }

    static Schema schemaOf(Object value) {
        // the common classes first: a test against a class is a compare, one against an interface goes through the
        // JVM's one-entry cache of interfaces, which Avro's own casts to IndexedRecord keep evicting
        if (value instanceof SpecificRecordBase record) {
            return record.getSchema();
        }
        if (value instanceof GenericData.Record record) {
            return record.getSchema();
        }
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

    /**
     * Writes a value in the wire format: the {@link ConfluentWireFormat#header(int) header}, then the value's Avro
     * binary with {@code writer} (or its bytes raw when the schema is {@code bytes}), into this thread's buffer and
     * encoder, which are reused from record to record; returns a copy of exactly the written bytes.
     */
    static byte[] write(byte[] header, Object value, Schema schema, DatumWriter<Object> writer) throws IOException {
        Buffer buffer = BUFFERS.get();
        buffer.reset();
        if (schema.getType() == Schema.Type.BYTES) {
            buffer.write(header);
            buffer.write(value instanceof ByteBuffer bytes ? bytes(bytes) : (byte[]) value);
        }
        else {
            buffer.encoder = EncoderFactory.get().binaryEncoder(buffer, buffer.encoder);
            buffer.encoder.writeFixed(header);
            writer.write(value, buffer.encoder);
            buffer.encoder.flush();
        }
        byte[] bytes = buffer.toByteArray();
        if (bytes.length > MAX_KEPT_BUFFER) {
            // do not keep a rare huge record's buffer for the thread's life
            BUFFERS.remove();
        }
        return bytes;
    }

    /**
     * A writer of values of the given schema, in the model of the value: a generated record's own model (its
     * conversions for logical types, no per-record reflective look-up), else the generic one. Thread-safe and
     * reusable, so callers cache it.
     */
    static DatumWriter<Object> writer(Object value, Schema schema) {
        if (value instanceof SpecificRecordBase record) {
            return new SpecificDatumWriter<>(schema, record.getSpecificData());
        }
        if (value instanceof SpecificRecord) {
            return new SpecificDatumWriter<>(schema);
        }
        return new GenericDatumWriter<>(schema, GenericData.get());
    }

    /**
     * A thread's reusable output buffer and encoder. Unlike {@code ByteArrayOutputStream} it is not synchronized:
     * only its thread uses it, and a lock per call showed in the serde benchmark.
     */
    private static final class Buffer extends OutputStream {

        private byte[] bytes = new byte[256];

        private int count;

        private @Nullable BinaryEncoder encoder;

        void reset() {
            this.count = 0;
        }

        @Override
        public void write(int b) {
            ensureRoom(1);
            this.bytes[this.count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensureRoom(len);
            System.arraycopy(b, off, this.bytes, this.count, len);
            this.count += len;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(this.bytes, this.count);
        }

        private void ensureRoom(int more) {
            if (this.count + more > this.bytes.length) {
                this.bytes = Arrays.copyOf(this.bytes, Math.max(2 * this.bytes.length, this.count + more));
            }
        }
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
