package com.karrot.kafka.autoconfigure.streams;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.streams.KarrotSerdes;
import com.karrot.kafka.test.KarrotKafkaTest;
import com.karrot.kafka.test.streams.KarrotTopologyTestDriver;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test kit's driver runs the topology of an application's Streams bean, configured by the starter from
 * {@code karrot.kafka.streams.*}: the application's own Kafka Streams is not started (the shared broker only serves
 * the application's other Kafka clients), the topology runs in the driver.
 */
@SpringBootTest(classes = TopologyTestDriverTest.App.class, properties = {
        "spring.kafka.streams.application-id=sales-per-neighborhood",
        "spring.kafka.streams.auto-startup=false",
        "spring.application.name=sales-counter",
        "karrot.kafka.outbox.enabled=false",
        "karrot.kafka.outbox.route-check=off",
        "karrot.kafka.streams.dead-letter.topic-suffix=.bad" })
@KarrotKafkaTest
class TopologyTestDriverTest {

    static final String ITEMS = "driver-items";

    static final String SALES = "driver-sales";

    @Autowired
    ApplicationContext context;

    @Autowired
    StreamsBuilderFactoryBean factoryBean;

    private KarrotTopologyTestDriver driver;

    @BeforeEach
    void startDriver() {
        this.driver = KarrotTopologyTestDriver.of(this.context);
    }

    @AfterEach
    void closeDriver() {
        this.driver.close();
    }

    @Test
    void drivesTheBeansTopologyWithTheStartersConfiguration() {
        assertThat(this.factoryBean.getStreamsConfiguration())
            .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        this.driver.publish(new ItemSold("item-1", "gangnam"));
        this.driver.publish(new ItemSold("item-2", "gangnam"));

        assertThat(this.driver.events(SALES, SalesCounted.class)).containsExactly(new SalesCounted("gangnam", 1),
                new SalesCounted("gangnam", 2));
        this.driver.assertThatTopic(SALES)
            .hasEventOfType(SalesCounted.class)
            .withHeader(CloudEventHeaders.SOURCE, "/sales-counter")
            .hasCount(2);
        assertThat(this.factoryBean.isRunning()).isFalse();
    }

    @Test
    void poisonRecordGoesToTheDeadLetterTopicTheApplicationNames() {
        byte[] poison = "not json".getBytes(StandardCharsets.UTF_8);
        this.driver.publishBytes(ITEMS, "item-9", poison,
                Map.of(CloudEventHeaders.TYPE, "ITEM_SOLD", CloudEventHeaders.CONTENT_TYPE, "application/json"));
        this.driver.publish(new ItemSold("item-1", "mapo"));

        assertThat(this.driver.deadLetterTopicOf(ITEMS)).isEqualTo(ITEMS + ".bad");
        this.driver.assertThatDeadLettersOf(ITEMS)
            .hasDeadLetter()
            .withValue(poison)
            .fromGroup("sales-per-neighborhood")
            .hasCount(1);
        assertThat(this.driver.events(SALES, SalesCounted.class)).containsExactly(new SalesCounted("mapo", 1));
    }

    @EventType(value = "ITEM_SOLD", aggregateType = "item", topic = ITEMS)
    record ItemSold(@AggregateId String itemId, String neighborhood) {
    }

    @EventType(value = "SALES_COUNTED", aggregateType = "neighborhood", topic = SALES)
    record SalesCounted(@AggregateId String neighborhood, long sales) {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {

        @Bean
        KStream<String, ItemSold> salesPerNeighborhood(StreamsBuilder builder, KarrotSerdes serdes) {
            KStream<String, ItemSold> sold = builder.stream(ITEMS, Consumed.with(Serdes.String(),
                    serdes.event(ItemSold.class)));
            sold.filter((itemId, item) -> item != null)
                .groupBy((itemId, item) -> item.neighborhood(), Grouped.with(Serdes.String(), serdes.event(ItemSold.class)))
                .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("sales-per-neighborhood")
                    .withKeySerde(Serdes.String())
                    .withValueSerde(Serdes.Long()))
                .toStream()
                .mapValues((neighborhood, sales) -> new SalesCounted(neighborhood, sales))
                .to(SALES, Produced.with(Serdes.String(), serdes.event(SalesCounted.class)));
            return sold;
        }
    }
}
