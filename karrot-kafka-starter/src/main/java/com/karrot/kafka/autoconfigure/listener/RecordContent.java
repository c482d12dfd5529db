package com.karrot.kafka.autoconfigure.listener;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.listener.dlq.DeadLetterQueue;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * A key, value or header of a dead letter as the {@code kafkadlq} endpoint shows it: UTF-8 text when the bytes are
 * valid UTF-8 and do not start with a NUL (the magic byte of the Confluent wire format), the number for Spring Kafka's binary {@code kafka_dlt-original-partition}, {@code -offset} and
 * {@code -timestamp} headers, otherwise Base64; cut after {@value #MAX_SHOWN} characters or bytes. Where values are
 * not shown to the caller ({@code management.endpoint.kafkadlq.show-values}), the encoding is {@code masked} and the
 * data {@value #MASK}, with the size kept; the headers that say where a record came from and why it failed (the
 * {@code kafka_dlt-original-*} and exception class headers, CloudEvents' id, type, source, time and content type,
 * Karrot's replay headers) stay shown, since they hold no event data.
 *
 * @param encoding {@code utf-8}, {@code number}, {@code base64} or {@code masked}
 * @param data the content, possibly cut, or {@value #MASK} when masked
 * @param size the size in bytes
 * @param truncated whether {@code data} was cut
 */
public record RecordContent(String encoding, String data, int size, boolean truncated) {

    static final int MAX_SHOWN = 8192;

    /** What stands for a value the caller may not see, as in Spring Boot's sanitized endpoints. */
    static final String MASK = "******";

    private static final Set<String> DESCRIPTIVE_HEADERS = Set.of(KafkaHeaders.DLT_ORIGINAL_TOPIC,
            KafkaHeaders.DLT_ORIGINAL_PARTITION, KafkaHeaders.DLT_ORIGINAL_OFFSET, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP,
            KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP,
            KafkaHeaders.DLT_EXCEPTION_FQCN, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, KafkaHeaders.DLT_KEY_EXCEPTION_FQCN,
            CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID, CloudEventHeaders.TYPE, CloudEventHeaders.SOURCE,
            CloudEventHeaders.TIME, CloudEventHeaders.AGGREGATE_TYPE, CloudEventHeaders.CONTENT_TYPE);

    private static final Set<String> INT_HEADERS = Set.of(KafkaHeaders.DLT_ORIGINAL_PARTITION);

    private static final Set<String> LONG_HEADERS = Set.of(KafkaHeaders.DLT_ORIGINAL_OFFSET,
            KafkaHeaders.DLT_ORIGINAL_TIMESTAMP);

    static @Nullable RecordContent of(byte @Nullable [] bytes, boolean showValues) {
        if (bytes == null) {
            return null;
        }
        return showValues ? of(bytes) : masked(bytes.length);
    }

    static @Nullable RecordContent ofHeader(String name, byte @Nullable [] bytes, boolean showValues) {
        if (bytes == null) {
            return null;
        }
        return showValues || describesRecord(name) ? ofHeader(name, bytes) : masked(bytes.length);
    }

    static RecordContent masked(int size) {
        return new RecordContent("masked", MASK, size, false);
    }

    private static boolean describesRecord(String header) {
        return DESCRIPTIVE_HEADERS.contains(header) || header.startsWith(DeadLetterQueue.REPLAY_HEADER_PREFIX);
    }

    static @Nullable RecordContent of(byte @Nullable [] bytes) {
        if (bytes == null) {
            return null;
        }
        String text = utf8(bytes);
        if (text != null) {
            boolean cut = text.length() > MAX_SHOWN;
            return new RecordContent("utf-8", cut ? text.substring(0, MAX_SHOWN) : text, bytes.length, cut);
        }
        boolean cut = bytes.length > MAX_SHOWN;
        return new RecordContent("base64", Base64.getEncoder().encodeToString(cut ? Arrays.copyOf(bytes, MAX_SHOWN) : bytes),
                bytes.length, cut);
    }

    static @Nullable RecordContent ofHeader(String name, byte @Nullable [] bytes) {
        if (bytes != null && INT_HEADERS.contains(name) && bytes.length == Integer.BYTES) {
            return new RecordContent("number", Integer.toString(ByteBuffer.wrap(bytes).getInt()), bytes.length, false);
        }
        if (bytes != null && LONG_HEADERS.contains(name) && bytes.length == Long.BYTES) {
            return new RecordContent("number", Long.toString(ByteBuffer.wrap(bytes).getLong()), bytes.length, false);
        }
        return of(bytes);
    }

    private static @Nullable String utf8(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == 0) {
            // Avro in the Confluent wire format is often valid UTF-8 after its header: binary, not text
            return null;
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        }
        catch (CharacterCodingException ex) {
            return null;
        }
    }
}
