package com.karrot.kafka.autoconfigure.listener;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * A key, value or header of a dead letter as the {@code kafkadlq} endpoint shows it: UTF-8 text when the bytes are
 * valid UTF-8, the number for Spring Kafka's binary {@code kafka_dlt-original-partition}, {@code -offset} and
 * {@code -timestamp} headers, otherwise Base64; cut after {@value #MAX_SHOWN} characters or bytes.
 *
 * @param encoding {@code utf-8}, {@code number} or {@code base64}
 * @param data the content, possibly cut
 * @param size the size in bytes
 * @param truncated whether {@code data} was cut
 */
public record RecordContent(String encoding, String data, int size, boolean truncated) {

    static final int MAX_SHOWN = 8192;

    private static final Set<String> INT_HEADERS = Set.of(KafkaHeaders.DLT_ORIGINAL_PARTITION);

    private static final Set<String> LONG_HEADERS = Set.of(KafkaHeaders.DLT_ORIGINAL_OFFSET,
            KafkaHeaders.DLT_ORIGINAL_TIMESTAMP);

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
