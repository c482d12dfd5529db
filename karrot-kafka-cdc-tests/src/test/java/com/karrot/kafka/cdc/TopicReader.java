package com.karrot.kafka.cdc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import static org.awaitility.Awaitility.await;

/** Reads a whole topic from its start with a consumer of its own, independent of what wrote it. */
final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;

    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    TopicReader(String bootstrapServers, String topic) {
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "cdc-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.consumer.subscribe(List.of(topic));
    }

    /** Waits until at least {@code count} records have been read, then returns all read so far. */
    List<ConsumerRecord<byte[], byte[]>> awaitAtLeast(int count, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
            this.consumer.poll(Duration.ofMillis(200)).forEach(this.records::add);
            return this.records.size() >= count;
        });
        return List.copyOf(this.records);
    }

    /** Reads for a while longer and returns all records read (to see that nothing more comes). */
    List<ConsumerRecord<byte[], byte[]>> readFor(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            this.consumer.poll(Duration.ofMillis(200)).forEach(this.records::add);
        }
        return List.copyOf(this.records);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header != null ? new String(header.value(), StandardCharsets.UTF_8) : null;
    }

    /** The headers of a record as {@code name=value} lines, in their order. */
    static List<String> headers(ConsumerRecord<byte[], byte[]> record) {
        List<String> headers = new ArrayList<>();
        record.headers().forEach(header -> headers.add(header.key() + "="
                + new String(header.value(), StandardCharsets.UTF_8)));
        return headers;
    }

    @Override
    public void close() {
        this.consumer.close(Duration.ofSeconds(5));
    }
}
