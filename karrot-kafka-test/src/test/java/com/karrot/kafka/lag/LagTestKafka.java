package com.karrot.kafka.lag;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.karrot.kafka.test.SharedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The shared broker and what the lag tests do on it: topics and groups of their own, records written to chosen
 * partitions, offsets committed as a group would.
 */
final class LagTestKafka implements AutoCloseable {

    private final String bootstrapServers = SharedKafkaBroker.bootstrapServers();

    private final Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers));

    private final KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers), new StringSerializer(), new StringSerializer());

    String bootstrapServers() {
        return this.bootstrapServers;
    }

    /** A new Admin client for the code under test; the caller closes it. */
    Admin newAdmin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers));
    }

    /** A name no other test uses. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    String createTopic(String prefix, int partitions) {
        String topic = unique(prefix);
        try {
            this.admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                .all()
                .get(30, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            throw new IllegalStateException("cannot create topic " + topic, ex);
        }
        return topic;
    }

    void deleteTopic(String topic) throws Exception {
        this.admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    }

    /** Writes {@code count} records to one partition and waits for them to be acknowledged. */
    void produce(String topic, int partition, int count) {
        for (int i = 0; i < count; i++) {
            this.producer.send(new ProducerRecord<>(topic, partition, null, "record-" + i));
        }
        this.producer.flush();
    }

    /** Commits offsets for a group without joining it, as a consumer with assigned partitions does. */
    void commit(String groupId, Map<TopicPartition, Long> offsets) {
        try (KafkaConsumer<String, String> consumer = newConsumer(groupId)) {
            consumer.commitSync(offsets.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    entry -> new OffsetAndMetadata(entry.getValue()))), Duration.ofSeconds(30));
        }
    }

    KafkaConsumer<String, String> newConsumer(String groupId) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-client"),
                new StringDeserializer(), new StringDeserializer());
    }

    @Override
    public void close() {
        this.producer.close(Duration.ofSeconds(10));
        this.admin.close(Duration.ofSeconds(10));
    }
}
