package com.karrot.kafka.test.assertj;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.schema.CompatibilityMode;
import com.karrot.kafka.schema.HttpSchemaRegistryClient;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.test.SharedKafkaBroker;
import com.karrot.kafka.test.registry.InMemorySchemaRegistry;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import static com.karrot.kafka.test.assertj.KarrotKafkaAssertions.assertThatDeadLetters;
import static com.karrot.kafka.test.assertj.KarrotKafkaAssertions.assertThatGroup;
import static com.karrot.kafka.test.assertj.KarrotKafkaAssertions.assertThatSchema;
import static com.karrot.kafka.test.assertj.TestRecords.send;
import static com.karrot.kafka.test.assertj.TestRecords.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DeadLetterGroupAndSchemaAssertTest {

    @Test
    void deadLetterWithItsExceptionGroupAndOriginalBytes() {
        String dlq = uniqueTopic() + ".dlq";
        TopicAssert deadLetters = assertThatDeadLetters(dlq).within(Duration.ofSeconds(5));
        send(dlq, "p-1", "PAYMENT_REQUESTED", "{\"id\":1}", "kafka_dlt-original-topic", "payments",
                "kafka_dlt-exception-fqcn", "org.springframework.kafka.listener.ListenerExecutionFailedException",
                "kafka_dlt-exception-cause-fqcn", IllegalStateException.class.getName(),
                "kafka_dlt-original-consumer-group", "receipts");

        deadLetters.hasDeadLetter()
            .withKey("p-1")
            .withException(IllegalStateException.class)
            .fromGroup("receipts")
            .withValue("{\"id\":1}".getBytes(StandardCharsets.UTF_8));
        assertThatExceptionOfType(AssertionError.class).isThrownBy(
                () -> deadLetters.within(Duration.ofSeconds(1)).hasDeadLetter().withException(IllegalArgumentException.class))
            .withMessageContaining("a dead letter with exception java.lang.IllegalArgumentException");
    }

    @Test
    void groupCatchesUpOnceItCommittedTheEnd() {
        String topic = uniqueTopic();
        String group = KarrotKafkaAssertions.uniqueName("group");
        send(topic, "k", "ITEM_SOLD", "{}");
        send(topic, "k", "ITEM_SOLD", "{}");

        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThatGroup(group).catchesUpWithin(Duration.ofMillis(500)))
            .withMessageContaining("committed no offset");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (read < 2 && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync();
        }
        send(topic, "k", "ITEM_SOLD", "{}");
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThatGroup(group).catchesUpWithin(Duration.ofMillis(500)))
            .withMessageContaining("1 record(s) behind: " + topic);
    }

    @Test
    void schemaCompatibleWithItsHistoryOrRefusedWithTheReason() {
        Schema v1 = SchemaBuilder.record("Payment").namespace("test").fields().requiredString("id").endRecord();
        Schema withDefault = SchemaBuilder.record("Payment").namespace("test").fields()
            .requiredString("id").name("currency").type().stringType().stringDefault("KRW").endRecord();
        Schema withoutDefault = SchemaBuilder.record("Payment").namespace("test").fields()
            .requiredString("id").requiredString("currency").endRecord();

        assertThatSchema(withDefault).isCompatibleWith(CompatibilityMode.BACKWARD, List.of(v1));
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThatSchema(withoutDefault).isCompatibleWith(CompatibilityMode.BACKWARD, List.of(v1)))
            .withMessageContaining("Expecting schema test.Payment to be compatible with 1 earlier schema(s) under BACKWARD")
            .withMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE");
    }

    @Test
    void schemaCheckedAgainstWhatTheRegistryHoldsForASubject() {
        Schema v1 = SchemaBuilder.record("Payment").namespace("test").fields().requiredString("id").endRecord();
        Schema withDefault = SchemaBuilder.record("Payment").namespace("test").fields()
            .requiredString("id").name("currency").type().stringType().stringDefault("KRW").endRecord();
        Schema withoutDefault = SchemaBuilder.record("Payment").namespace("test").fields()
            .requiredString("id").requiredString("currency").endRecord();
        try (InMemorySchemaRegistry registry = InMemorySchemaRegistry.start()) {
            SchemaRegistryClient client = HttpSchemaRegistryClient.builder(registry.url()).build();
            client.register("payments-value", v1);

            assertThatSchema(withDefault).isCompatibleWithSubject(client, "payments-value");
            assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> assertThatSchema(withoutDefault).isCompatibleWithSubject(client, "payments-value"))
                .withMessageContaining("Expecting schema test.Payment to be compatible with subject \"payments-value\", but:")
                .withMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .withMessageContaining("currency");
            assertThat(client.versions("payments-value")).as("checking registers nothing").containsExactly(1);
        }
    }
}
