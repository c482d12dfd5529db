package com.karrot.kafka.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.karrot.kafka.event.CloudEventHeaders;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * An independent consumer that reads a whole topic from the beginning and counts its records and distinct
 * {@code ce_id}s: the truth about what reached Kafka, whatever the sender believes. It assigns the partitions
 * itself (no group, no rebalance) and is ready when constructed. One thread of its own.
 */
final class TopicCounter implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;

    private final Set<String> ids = new HashSet<>();

    private final Thread thread;

    private volatile boolean running = true;

    private volatile long records;

    private volatile int distinct;

    private volatile long lastNewEventNanos;

    TopicCounter(String bootstrapServers, String topic) {
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = this.consumer.partitionsFor(topic, Duration.ofSeconds(30))
            .stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
        this.consumer.assign(partitions);
        this.consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, "karrot-bench-counter-" + topic);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        try {
            while (this.running) {
                for (ConsumerRecord<byte[], byte[]> record : this.consumer.poll(Duration.ofMillis(100))) {
                    Header id = record.headers().lastHeader(CloudEventHeaders.ID);
                    if (id != null) {
                        this.ids.add(new String(id.value(), StandardCharsets.UTF_8));
                    }
                    this.records++;
                }
                if (this.ids.size() > this.distinct) {
                    this.lastNewEventNanos = System.nanoTime();
                    this.distinct = this.ids.size();
                }
            }
        }
        finally {
            this.consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    long records() {
        return this.records;
    }

    int distinct() {
        return this.distinct;
    }

    /**
     * Waits until the topic holds {@code expected} distinct events.
     * @return when the counter saw the last of them, from {@link System#nanoTime()}, or -1 on timeout
     */
    long awaitDistinct(int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (this.distinct < expected) {
            if (System.nanoTime() > deadline) {
                return -1;
            }
            Thread.sleep(5);
        }
        return this.lastNewEventNanos;
    }

    @Override
    public void close() {
        this.running = false;
        try {
            this.thread.join(5_000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
