package com.karrot.kafka.autoconfigure.schema;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.karrot.kafka.autoconfigure.schema.events.PriceChanged;
import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.listener.EventMetadata;
import com.karrot.kafka.listener.KarrotEventListener;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.test.KarrotKafkaTest;
import com.karrot.kafka.test.registry.InMemorySchemaRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Avro and JSON events on one topic, from the outbox to one listener, with {@code @KarrotKafkaTest(schemaRegistry)}:
 * the Avro event class of the application is registered at start-up under its topic and record name, the outbox
 * writes it as Avro and the other event as JSON, and the listener reads each by its {@code content-type}.
 */
@SpringBootTest(classes = AvroEventsIntegrationTest.App.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:avro-events;DB_CLOSE_DELAY=-1",
        "spring.application.name=avro-events",
        "karrot.kafka.outbox.topics.item=" + AvroEventsIntegrationTest.TOPIC,
        "spring.kafka.consumer.auto-offset-reset=earliest" })
@KarrotKafkaTest(schemaRegistry = true)
class AvroEventsIntegrationTest {

    static final String TOPIC = "schema-avro-events-items";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Autowired
    KarrotEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ItemListener listener;

    @Autowired
    SchemaRegistryClient registry;

    @Value("${karrot.kafka.schema.registry.url}")
    String registryUrl;

    @Test
    void avroAndJsonEventsOfOneTopicReachTheirListenerMethods() {
        String itemId = "item-" + UUID.randomUUID();

        this.transactions.executeWithoutResult(status -> {
            this.events.publish(new PriceChanged(itemId, 12_000L));
            this.events.publish(new ItemRenamed(itemId, "Lamp"));
        });

        await().atMost(TIMEOUT).until(() -> this.listener.prices.containsKey(itemId)
                && this.listener.names.containsKey(itemId));
        assertThat(this.listener.prices.get(itemId)).isEqualTo(12_000L);
        assertThat(this.listener.names.get(itemId)).isEqualTo("Lamp");
        assertThat(this.listener.contentTypes).containsEntry(itemId + "/PRICE_CHANGED", "application/vnd.karrot.avro")
            .containsEntry(itemId + "/ITEM_RENAMED", "application/json");
    }

    @Test
    void testKitPointsTheContextAtTheSharedRegistryWhereTheEventClassWasRegisteredAtStartUp() {
        assertThat(this.registryUrl).isEqualTo(InMemorySchemaRegistry.shared().url());
        assertThat(this.registry.latestVersion(TOPIC + "-" + PriceChanged.class.getName()).schema())
            .isEqualTo(PriceChanged.SCHEMA$);
    }

    @EventType(value = "ITEM_RENAMED", aggregateType = "item")
    record ItemRenamed(@AggregateId String itemId, String name) {
    }

    static class ItemListener {

        final Map<String, Long> prices = new ConcurrentHashMap<>();

        final Map<String, String> names = new ConcurrentHashMap<>();

        final Map<String, String> contentTypes = new ConcurrentHashMap<>();

        @KarrotEventListener(topics = TOPIC)
        void priceChanged(PriceChanged event, EventMetadata metadata) {
            this.contentTypes.put(event.getItemId() + "/PRICE_CHANGED", metadata.headers().get("content-type"));
            this.prices.put(event.getItemId(), event.getPrice());
        }

        @KarrotEventListener(topics = TOPIC)
        void renamed(ItemRenamed event, EventMetadata metadata) {
            this.contentTypes.put(event.itemId() + "/ITEM_RENAMED", metadata.headers().get("content-type"));
            this.names.put(event.itemId(), event.name());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(ItemListener.class)
    static class App {
    }
}
