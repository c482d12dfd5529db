package com.karrot.kafka.schema;

import java.nio.ByteBuffer;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format of a record key or value: a magic byte {@code 0}, the schema id as four bytes big
 * endian, then the payload (Avro binary).
 */
final class ConfluentWireFormat {

    static final byte MAGIC_BYTE = 0;

    static final int HEADER_LENGTH = 5;

    private ConfluentWireFormat() {
    }

    /** The header for {@code schemaId}; the payload follows it. */
    static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /** The schema id of a record in the wire format, after checking its header. */
    static int schemaId(byte[] data, String topic) {
        if (data.length < HEADER_LENGTH) {
            throw new SerializationException("A record of topic " + topic + " has " + data.length
                    + " bytes, fewer than the 5 of the Confluent wire format's header");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format("A record of topic %s starts with 0x%02x, not the magic "
                    + "byte 0x00 of the Confluent wire format", topic, data[0]));
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }
}
