package com.karrot.kafka.autoconfigure.streams;

import java.util.List;

import com.karrot.kafka.autoconfigure.schema.events.PriceChanged;
import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.schema.HttpSchemaRegistryClient;
import com.karrot.kafka.schema.SchemaRegistryClient;
import com.karrot.kafka.test.registry.InMemorySchemaRegistry;
import com.karrot.kafka.test.streams.KarrotTopologyTestDriver;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Avro events through a topology: read by their {@code content-type} through the registry, written back as Avro in
 * the Confluent wire format, and JSON events beside them, as the schema capability gives the outbox and listeners.
 */
class AvroStreamsTest {

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.start();

    private final SchemaRegistryClient client = HttpSchemaRegistryClient.builder(this.registry.url()).build();

    @AfterEach
    void stopRegistry() {
        this.registry.close();
    }

    @Test
    void readsAvroEventsAndWritesAvroAndJsonEvents() {
        try (KarrotTopologyTestDriver driver = KarrotTopologyTestDriver.builder()
            .applicationId("avro-prices")
            .schemaRegistry(this.client)
            .build((builder, serdes) -> {
                var prices = builder.stream("prices", Consumed.with(Serdes.String(), serdes.event(PriceChanged.class)))
                    .filter((itemId, changed) -> changed != null);
                prices.mapValues(changed -> new PriceChanged(changed.getItemId(), changed.getPrice() / 2))
                    .to("half-prices", Produced.with(Serdes.String(), serdes.event(PriceChanged.class)));
                prices.mapValues(changed -> new PriceSeen(changed.getItemId(), changed.getPrice()))
                    .to("prices-seen", Produced.with(Serdes.String(), serdes.event(PriceSeen.class)));
            })) {
            driver.publish("prices", new PriceChanged("item-1", 10_000L));

            assertThat(driver.events("half-prices", PriceChanged.class))
                .containsExactly(new PriceChanged("item-1", 5_000L));
            List<ConsumerRecord<byte[], byte[]>> halves = driver.records("half-prices");
            assertThat(halves.get(0).value()[0]).as("the Confluent wire format's magic byte").isZero();
            assertThat(new String(halves.get(0).headers().lastHeader("content-type").value()))
                .isNotEqualTo("application/json");
            assertThat(driver.events("prices-seen", PriceSeen.class)).containsExactly(new PriceSeen("item-1", 10_000L));
            assertThat(new String(driver.records("prices-seen").get(0).headers().lastHeader("content-type").value()))
                .isEqualTo("application/json");
        }
    }

    @EventType(value = "PRICE_SEEN", aggregateType = "item")
    record PriceSeen(@AggregateId String itemId, long price) {
    }
}
