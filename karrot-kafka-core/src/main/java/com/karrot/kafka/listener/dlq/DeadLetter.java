package com.karrot.kafka.listener.dlq;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.karrot.kafka.event.CloudEventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * One record of a dead-letter topic, as it is stored: key and value bytes, all headers (the original ones and
 * Spring Kafka's {@code kafka_dlt-*} ones), and whether it was replayed already.
 *
 * @param topic the dead-letter topic
 * @param partition its partition
 * @param offset its offset, which with topic and partition identifies it
 * @param timestamp the record timestamp (Spring Kafka copies the failed record's)
 * @param key the key bytes, {@code null} when the record has none
 * @param value the value bytes, {@code null} when the record has none
 * @param headers every header, in order
 * @param replayed whether the replay log records it as replayed
 */
public record DeadLetter(String topic, int partition, long offset, Instant timestamp, byte @Nullable [] key,
        byte @Nullable [] value, List<Header> headers, boolean replayed) {

    /** Header naming the exception the handler or the conversion threw. */
    public static final String EXCEPTION_CAUSE_HEADER = KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN;

    /** Header naming the exception the container reported, usually Spring Kafka's wrapper. */
    public static final String EXCEPTION_HEADER = KafkaHeaders.DLT_EXCEPTION_FQCN;

    /** Prefix of the headers Spring Kafka adds to a dead letter. */
    public static final String DEAD_LETTER_HEADER_PREFIX = "kafka_dlt-";

    static DeadLetter of(ConsumerRecord<byte[], byte[]> record, boolean replayed) {
        return new DeadLetter(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key(), record.value(), List.of(record.headers().toArray()), replayed);
    }

    /**
     * The identity of a dead letter, also its key in the replay log.
     * @return {@code <topic>-<partition>@<offset>}
     */
    public String id() {
        return ReplayLog.key(this.topic, this.partition, this.offset);
    }

    /**
     * The last value of a header, read as UTF-8.
     * @param name the header name
     * @return its value, {@code null} when the record has no such header or it has no value
     */
    public @Nullable String header(String name) {
        byte[] value = lastHeader(name);
        return value != null ? new String(value, StandardCharsets.UTF_8) : null;
    }

    /**
     * The event type.
     * @return the {@code ce_type} header, or {@code null}
     */
    public @Nullable String eventType() {
        return header(CloudEventHeaders.TYPE);
    }

    /**
     * The topic the record failed on, where a replay sends it.
     * @return the {@code kafka_dlt-original-topic} header, or {@code null}
     */
    public @Nullable String originalTopic() {
        return header(KafkaHeaders.DLT_ORIGINAL_TOPIC);
    }

    /**
     * The consumer group that failed the record, and so the only one a replay is meant for.
     * @return the {@code kafka_dlt-original-consumer-group} header, or {@code null}
     */
    public @Nullable String originalGroup() {
        return header(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP);
    }

    /**
     * The offset of the record that failed.
     * @return the {@code kafka_dlt-original-offset} header (an 8-byte integer), or {@code null}
     */
    public @Nullable Long originalOffset() {
        byte[] value = lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET);
        return value != null && value.length == Long.BYTES ? ByteBuffer.wrap(value).getLong() : null;
    }

    /**
     * The partition the record failed on.
     * @return the {@code kafka_dlt-original-partition} header (a 4-byte integer), or {@code null}
     */
    public @Nullable Integer originalPartition() {
        byte[] value = lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION);
        return value != null && value.length == Integer.BYTES ? ByteBuffer.wrap(value).getInt() : null;
    }

    private byte @Nullable [] lastHeader(String name) {
        for (int i = this.headers.size() - 1; i >= 0; i--) {
            if (this.headers.get(i).key().equals(name)) {
                return this.headers.get(i).value();
            }
        }
        return null;
    }
}
