package com.karrot.kafka.test.assertj;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.karrot.kafka.test.SharedKafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/** Writes Karrot-shaped records (ce_type header, JSON value) to the shared broker for the assertions' tests. */
final class TestRecords {

    private TestRecords() {
    }

    static String uniqueTopic() {
        return "assert-" + UUID.randomUUID();
    }

    static void send(String topic, String key, String type, String json, String... headers) {
        sendStamped(topic, null, key, type, json, headers);
    }

    /** Sends a record with a timestamp of its own, as a Kafka Streams topology or a producer may. */
    static void sendStamped(String topic, @Nullable Instant timestamp, String key, String type, String json,
            String... headers) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, null,
                    timestamp != null ? timestamp.toEpochMilli() : null, key, json);
            record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
            record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i + 1 < headers.length; i += 2) {
                record.headers().add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record).get();
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    record ItemSold(String itemId, long price) {
    }
}
