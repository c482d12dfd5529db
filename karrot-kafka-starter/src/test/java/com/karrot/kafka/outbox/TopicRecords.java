package com.karrot.kafka.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** An independent consumer that reads a topic from the beginning, for counting what really reached Kafka. */
final class TopicRecords implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;

    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    TopicRecords(String bootstrapServers, String topic) {
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "verifier-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.consumer.subscribe(List.of(topic));
    }

    /** Polls until the records read so far satisfy the condition, or fails after the timeout. */
    List<ConsumerRecord<String, byte[]>> readUntil(Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(this.records)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + "; read " + this.records.size()
                        + " records");
            }
            this.consumer.poll(Duration.ofMillis(200)).forEach(this.records::add);
        }
        return List.copyOf(this.records);
    }

    List<ConsumerRecord<String, byte[]>> readAtLeast(int count, Duration timeout) {
        return readUntil(read -> read.size() >= count, timeout);
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header != null ? new String(header.value(), StandardCharsets.UTF_8) : null;
    }

    @Override
    public void close() {
        this.consumer.close(Duration.ofSeconds(5));
    }
}
