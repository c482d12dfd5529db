package com.karrot.kafka.test.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.karrot.kafka.schema.HttpSchemaRegistryClient;
import com.karrot.kafka.schema.KarrotAvroDeserializer;
import com.karrot.kafka.schema.KarrotAvroSerdeConfig;
import com.karrot.kafka.schema.KarrotAvroSerializer;
import com.karrot.kafka.test.SharedKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plain Kafka clients that name the serde in their properties, as any service configured for Confluent's serde
 * does, through the shared broker and the in-memory registry.
 */
class AvroSerdeKafkaIntegrationTest {

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.start();

    @AfterEach
    void stopRegistry() {
        this.registry.close();
    }

    @Test
    void recordsProducedWithTheSerializerAreConsumedAsTheirClass() throws Exception {
        String topic = "users-" + UUID.randomUUID();
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, KarrotAvroSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KarrotAvroSerializer.class.getName(),
                KarrotAvroSerdeConfig.SCHEMA_REGISTRY_URL, this.registry.url());
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, KarrotAvroDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, KarrotAvroDeserializer.class.getName(),
                KarrotAvroSerdeConfig.SCHEMA_REGISTRY_URL, this.registry.url(),
                KarrotAvroSerdeConfig.SPECIFIC_AVRO_READER, "true");

        try (KafkaProducer<Object, Object> producer = new KafkaProducer<>(producerConfig)) {
            producer.send(new ProducerRecord<>(topic, "u-1", new UserCreated("ann", "a@example.com"))).get();
        }
        List<Object> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        try (KafkaConsumer<Object, Object> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    keys.add(record.key());
                    values.add(record.value());
                });
                return !values.isEmpty();
            });
        }

        assertThat(keys).containsExactly("u-1");
        assertThat(values).containsExactly(new UserCreated("ann", "a@example.com"));
        assertThat(HttpSchemaRegistryClient.builder(this.registry.url()).build().subjects())
            .containsExactly(topic + "-key", topic + "-value");
    }
}
