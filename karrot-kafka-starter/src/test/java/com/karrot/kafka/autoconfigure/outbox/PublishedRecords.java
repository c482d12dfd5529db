package com.karrot.kafka.autoconfigure.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.outbox.PublishedEvent;
import com.karrot.kafka.test.SharedKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.awaitility.Awaitility.await;

/** Reads back, from the shared broker, the record the direct publisher says it wrote. */
public final class PublishedRecords {

    private PublishedRecords() {
    }

    /**
     * The record at the event's topic, partition and offset.
     * @param sent where the publisher wrote it
     * @return the record
     */
    public static ConsumerRecord<String, byte[]> read(PublishedEvent sent) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
            consumer.assign(List.of(partition));
            consumer.seek(partition, sent.offset());
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30))
                .until(() -> records.addAll(consumer.poll(Duration.ofMillis(200)).records(partition)));
            return records.get(0);
        }
    }
}
