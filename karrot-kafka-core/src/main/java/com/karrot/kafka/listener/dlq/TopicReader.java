package com.karrot.kafka.listener.dlq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads whole topics with a plain consumer assigned to one partition at a time: no consumer group, nothing
 * committed, nothing created. Each read stops at the end offsets captured before it starts, so records written
 * meanwhile are not read, and every call stops at one deadline, set when the reader is opened.
 */
final class TopicReader implements AutoCloseable {

    private static final Duration MAX_POLL = Duration.ofMillis(500);

    private final Consumer<byte[], byte[]> consumer;

    private final long deadline;

    TopicReader(Map<String, Object> applicationConfig, Duration timeout) {
        this(new KafkaConsumer<>(config(applicationConfig), new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                timeout);
    }

    TopicReader(Consumer<byte[], byte[]> consumer, Duration timeout) {
        this.consumer = consumer;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    static Map<String, Object> config(Map<String, Object> applicationConfig) {
        Map<String, Object> config = new HashMap<>(applicationConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.remove(ConsumerConfig.CLIENT_ID_CONFIG);
        config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // asking for a missing topic must not create it (the replay log is created compacted, on demand)
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return config;
    }

    /**
     * Start and end offsets of each partition of a topic, by partition number.
     * @return the offsets, empty when the topic does not exist
     */
    List<DeadLetterQueue.PartitionOffsets> offsets(String topic) {
        List<PartitionInfo> partitions = this.consumer.partitionsFor(topic, remaining());
        if (partitions == null || partitions.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> topicPartitions = partitions.stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .sorted(Comparator.comparingInt(TopicPartition::partition))
            .toList();
        // offsets of partitions the consumer is not assigned are fetched all the same, but logged as a warning
        this.consumer.assign(topicPartitions);
        Map<TopicPartition, Long> start = this.consumer.beginningOffsets(topicPartitions, remaining());
        Map<TopicPartition, Long> end = this.consumer.endOffsets(topicPartitions, remaining());
        List<DeadLetterQueue.PartitionOffsets> offsets = new ArrayList<>();
        for (TopicPartition partition : topicPartitions) {
            offsets.add(new DeadLetterQueue.PartitionOffsets(partition.partition(), start.get(partition), end.get(partition)));
        }
        return offsets;
    }

    /**
     * Hands the records below the given end offsets to the visitor, partition after partition, each in offset
     * order.
     * @param visitor returns {@code false} to stop
     * @return {@code true} when every record was handed over, {@code false} when the visitor or the deadline
     * stopped the read
     */
    boolean read(String topic, List<DeadLetterQueue.PartitionOffsets> offsets, Predicate<ConsumerRecord<byte[], byte[]>> visitor) {
        for (DeadLetterQueue.PartitionOffsets partition : offsets) {
            if (partition.startOffset() >= partition.endOffset()) {
                continue;
            }
            TopicPartition topicPartition = new TopicPartition(topic, partition.partition());
            this.consumer.assign(List.of(topicPartition));
            this.consumer.seek(topicPartition, partition.startOffset());
            while (this.consumer.position(topicPartition, remaining()) < partition.endOffset()) {
                if (expired()) {
                    return false;
                }
                for (ConsumerRecord<byte[], byte[]> record : this.consumer.poll(min(remaining(), MAX_POLL))) {
                    if (record.offset() < partition.endOffset() && !visitor.test(record)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    boolean expired() {
        return System.nanoTime() - this.deadline >= 0;
    }

    /** Time left before the deadline; at least a millisecond, so that a call past it fails fast rather than blocks. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(1_000_000, this.deadline - System.nanoTime()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        this.consumer.close();
    }
}
