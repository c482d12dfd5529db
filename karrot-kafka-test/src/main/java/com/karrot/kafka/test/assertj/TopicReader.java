package com.karrot.kafka.test.assertj;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one topic from an {@link OffsetMark}, without a consumer group, and keeps every record it has read, so that
 * each awaited condition continues where the last one stopped. A consumer is open only while a condition is
 * awaited. Not thread-safe; one per assertion.
 */
final class TopicReader implements RecordSource {

    private static final Duration POLL = Duration.ofMillis(100);

    private static final Duration METADATA = Duration.ofSeconds(1);

    private final String topic;

    private final String bootstrapServers;

    private final OffsetMark start;

    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    private final Map<TopicPartition, Long> positions = new HashMap<>();

    TopicReader(String topic, String bootstrapServers, OffsetMark start) {
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
        this.start = start;
    }

    /** Every record read so far, in the order read (per partition, the topic's order). */
    @Override
    public List<ConsumerRecord<byte[], byte[]>> records() {
        return List.copyOf(this.records);
    }

    /**
     * Reads until the records read so far satisfy the condition or the deadline passes, and at least once.
     * @return whether the condition held
     */
    @Override
    public boolean readUntil(Predicate<List<ConsumerRecord<byte[], byte[]>>> condition, Instant deadline) {
        if (condition.test(this.records) && !this.positions.isEmpty()) {
            return true;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config())) {
            do {
                if (assign(consumer)) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        this.records.add(record);
                    }
                    for (TopicPartition partition : consumer.assignment()) {
                        this.positions.put(partition, consumer.position(partition));
                    }
                    if (condition.test(this.records)) {
                        return true;
                    }
                }
                else {
                    Pause.pause(POLL, "topic " + this.topic + " to exist");
                }
            }
            while (Instant.now().isBefore(deadline));
            return condition.test(this.records);
        }
    }

    // assigns every partition, at the kept position or the mark's end offset (0 for a partition created after the
    // mark); false while the topic does not exist yet
    private boolean assign(KafkaConsumer<byte[], byte[]> consumer) {
        if (!consumer.assignment().isEmpty()) {
            return true;
        }
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(this.topic, METADATA);
        }
        catch (TimeoutException ex) {
            return false;
        }
        if (partitions == null || partitions.isEmpty()) {
            return false;
        }
        List<TopicPartition> assigned = partitions.stream()
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
        consumer.assign(assigned);
        for (TopicPartition partition : assigned) {
            Long kept = this.positions.get(partition);
            consumer.seek(partition, kept != null ? kept : this.start.startOf(partition));
        }
        return true;
    }

    private Properties config() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // a topic deleted and created again since the mark has fewer records than the mark's offset
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "karrot-assert-" + this.topic);
        return config;
    }
}
