package com.karrot.kafka.autoconfigure.schema;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.karrot.kafka.autoconfigure.outbox.PublishedRecords;
import com.karrot.kafka.autoconfigure.schema.events.PriceChanged;
import com.karrot.kafka.outbox.DirectEventPublisher;
import com.karrot.kafka.outbox.PublishedEvent;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.test.KarrotKafkaTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** A service without a database sends an Avro event directly, in the Confluent wire format, like the outbox does. */
@SpringBootTest(classes = DirectAvroEventsIntegrationTest.App.class, properties = {
        "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "karrot.kafka.outbox.topics.item=" + DirectAvroEventsIntegrationTest.TOPIC })
@KarrotKafkaTest(schemaRegistry = true)
class DirectAvroEventsIntegrationTest {

    static final String TOPIC = "schema-direct-avro-items";

    @Autowired
    DirectEventPublisher publisher;

    @Autowired
    SchemaRegistryClient registry;

    @Test
    void avroEventIsSentWithTheRegisteredSchemaId() throws Exception {
        PublishedEvent sent = this.publisher.publish(new PriceChanged("item-" + UUID.randomUUID(), 9_900L))
            .get(30, TimeUnit.SECONDS);
        ConsumerRecord<String, byte[]> record = PublishedRecords.read(sent);
        assertThat(new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
            .isEqualTo("application/vnd.karrot.avro");
        ByteBuffer value = ByteBuffer.wrap(record.value());
        assertThat(value.get()).isZero();
        assertThat(value.getInt())
            .isEqualTo(this.registry.latestVersion(TOPIC + "-" + PriceChanged.class.getName()).id());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }
}
