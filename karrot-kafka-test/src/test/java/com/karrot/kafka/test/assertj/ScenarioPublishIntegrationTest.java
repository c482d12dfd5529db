package com.karrot.kafka.test.assertj;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.outbox.DirectEventPublisher;
import com.karrot.kafka.outbox.OutboxTopicResolver;
import com.karrot.kafka.outbox.PublishedEvent;
import com.karrot.kafka.schema.AvroEventDeserializer;
import com.karrot.kafka.schema.AvroEventSerializer;
import com.karrot.kafka.schema.HttpSchemaRegistryClient;
import com.karrot.kafka.schema.KarrotAvroSerdeConfig;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.serde.EventDeserializers;
import com.karrot.kafka.serde.JsonEventDeserializer;
import com.karrot.kafka.serde.JsonEventSerializer;
import com.karrot.kafka.test.KarrotKafkaTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code scenario.publish(event)} sends a JSON and an Avro event with the headers and serialization of the
 * application's own direct publisher (here wired by hand, as the starter would), found on the topic as sent.
 */
@SpringJUnitConfig(ScenarioPublishIntegrationTest.Publishing.class)
@KarrotKafkaTest(schemaRegistry = true)
class ScenarioPublishIntegrationTest {

    static final String TOPIC = KarrotKafkaAssertions.uniqueName("scenario-items");

    @Autowired
    KarrotKafkaScenario scenario;

    @Autowired
    SchemaRegistryClient registry;

    @Test
    void jsonEventIsPublishedWithItsCloudEventHeaders() {
        PublishedEvent sent = this.scenario.publish(new ItemListed("item-1", "Lamp", 15_000));

        assertThat(sent.topic()).isEqualTo(TOPIC);
        ConsumerRecord<byte[], byte[]> record = this.scenario.assertThatTopic(TOPIC)
            .hasEventOfType(ItemListed.class)
            .withKey("item-1")
            .withHeader("ce_id", sent.eventId())
            .withHeader("ce_specversion", "1.0")
            .withHeader("ce_source", "/kit-tests")
            .withHeader("ce_subject", "item-1")
            .withHeader("ce_aggregatetype", "item")
            .withHeader("ce_time")
            .withHeader("content-type", "application/json")
            .withPayloadSatisfying(ItemListed.class,
                    listed -> assertThat(listed).isEqualTo(new ItemListed("item-1", "Lamp", 15_000)))
            .hasCount(1)
            .records()
            .get(0);
        assertThat(record.partition()).isEqualTo(sent.partition());
        assertThat(record.offset()).isEqualTo(sent.offset());
    }

    @Test
    void avroEventIsPublishedInTheWireFormatOfItsRegisteredSchema() {
        PublishedEvent sent = this.scenario.publish(new PriceChanged("item-2", 9_900L));

        ConsumerRecord<byte[], byte[]> record = this.scenario.assertThatTopic(TOPIC)
            .hasEventOfType(PriceChanged.class)
            .withKey("item-2")
            .withHeader("ce_id", sent.eventId())
            .withHeader("ce_type", "PRICE_CHANGED")
            .withHeader("ce_source", "/kit-tests")
            .withHeader("content-type", "application/vnd.karrot.avro")
            .withPayloadSatisfying(PriceChanged.class,
                    changed -> assertThat(changed).isEqualTo(new PriceChanged("item-2", 9_900L)))
            .hasCount(1)
            .records()
            .get(0);
        ByteBuffer value = ByteBuffer.wrap(record.value());
        assertThat(value.get()).as("the magic byte").isZero();
        assertThat(value.getInt()).as("the schema id")
            .isEqualTo(this.registry.latestVersion(TOPIC + "-" + PriceChanged.class.getName()).id());
    }

    @Test
    void receivedRecordIsSentAgainAsItWas() {
        PublishedEvent sent = this.scenario.publish(new ItemListed("item-4", "Chair", 5_000));
        ConsumerRecord<byte[], byte[]> received = this.scenario.assertThatTopic(TOPIC)
            .hasEventOfType(ItemListed.class)
            .withHeader("ce_id", sent.eventId())
            .records()
            .get(0);

        RecordMetadata again = this.scenario.publishRecord(received);

        assertThat(again.partition()).isEqualTo(received.partition());
        assertThat(again.offset()).isGreaterThan(received.offset());
        List<ConsumerRecord<byte[], byte[]>> both = this.scenario.assertThatTopic(TOPIC)
            .hasEventOfType(ItemListed.class)
            .withHeader("ce_id", sent.eventId())
            .hasCount(2)
            .records();
        ConsumerRecord<byte[], byte[]> redelivered = both.get(1);
        assertThat(redelivered.offset()).isEqualTo(again.offset());
        assertThat(redelivered.key()).isEqualTo(received.key());
        assertThat(redelivered.value()).isEqualTo(received.value());
        assertThat(redelivered.headers().toArray()).containsExactly(received.headers().toArray());
        assertThat(redelivered.timestamp()).isEqualTo(received.timestamp());
    }

    @Test
    void publishedEventThatDoesNotMatchFailsWithWhatWasSeen() {
        KarrotKafkaScenario.When listed = this.scenario.within(Duration.ofSeconds(1))
            .when(() -> this.scenario.publish(new ItemListed("item-3", "Desk", 30_000)));

        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> listed.thenPublished(ItemListed.class).matching(item -> item.price() > 100_000))
            .withMessageContaining("to receive an event of type \"ITEM_LISTED\" whose ItemListed matches the predicate within PT1S")
            .withMessageContaining("1 record:\n  type ITEM_LISTED, key item-3")
            .withMessageContaining("The last event checked that did not match, " + TOPIC + "-")
            .withMessageContaining("ItemListed[itemId=item-3, title=Desk, price=30000] does not match the predicate");
    }

    @EventType(value = "ITEM_LISTED", aggregateType = "item")
    record ItemListed(@AggregateId String itemId, String title, long price) {
    }

    /** The beans the starter would make, for a kit test that cannot depend on the starter. */
    @Configuration(proxyBeanMethods = false)
    static class Publishing {

        private static final JsonMapper JSON = JsonMapper.builder().build();

        @Bean
        OutboxTopicResolver topics() {
            return OutboxTopicResolver.byAggregateType(Map.of("item", TOPIC));
        }

        @Bean
        SchemaRegistryClient registry(Environment environment) {
            return HttpSchemaRegistryClient.builder(environment.getRequiredProperty("karrot.kafka.schema.registry.url"))
                .build();
        }

        @Bean(destroyMethod = "close")
        DirectEventPublisher publisher(Environment environment, OutboxTopicResolver topics,
                SchemaRegistryClient registry) {
            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            environment.getRequiredProperty("spring.kafka.bootstrap-servers")),
                    new StringSerializer(), new ByteArraySerializer());
            return DirectEventPublisher.builder(producer)
                .serializer(new AvroEventSerializer(registry, Map.of(KarrotAvroSerdeConfig.AUTO_REGISTER_SCHEMAS, true))
                    .orElse(new JsonEventSerializer(JSON)))
                .topics(topics)
                .source("/kit-tests")
                .build();
        }

        @Bean
        EventDeserializers deserializers(SchemaRegistryClient registry) {
            return new EventDeserializers(List.of(new JsonEventDeserializer(JSON), new AvroEventDeserializer(registry, true)));
        }
    }
}
