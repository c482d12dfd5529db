package com.karrot.kafka.autoconfigure.streams;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.karrot.kafka.test.SharedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;

/**
 * A small real topology for the health and endpoint tests: sold items ({@code orders}, key customer, value item)
 * counted per item after a repartition, into {@code item-counts}; an item named {@code poison...} makes the check
 * throw, and the starter's Streams configuration (processing errors fail the thread, which shuts the client down)
 * turns that into the ERROR state.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class ItemCountTopology {

    /** The topology's properties, with its own application id and topics. */
    static List<String> properties(String suffix) {
        return List.of("spring.kafka.bootstrap-servers=" + SharedKafkaBroker.bootstrapServers(),
                "spring.kafka.streams.application-id=item-counts-" + suffix,
                "spring.kafka.streams.properties.default.key.serde=" + Serdes.StringSerde.class.getName(),
                "spring.kafka.streams.properties.default.value.serde=" + Serdes.StringSerde.class.getName(),
                "spring.kafka.streams.properties.commit.interval.ms=100",
                "spring.kafka.streams.cleanup.on-shutdown=true", "test.orders=orders-" + suffix,
                "test.item-counts=item-counts-" + suffix, "karrot.kafka.streams.errors.processing=fail",
                "karrot.kafka.streams.uncaught-exception=shutdown-client",
                "management.health.kafka-streams-readiness.enabled=true");
    }

    /** Creates the topology's input and output topics, 2 partitions each. */
    static void createTopics(String suffix) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafkaBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("orders-" + suffix, 2, (short) 1),
                    new NewTopic("item-counts-" + suffix, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Writes sold items to the topology's input topic. */
    static void sell(String suffix, String customer, String item) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("orders-" + suffix, customer, item)).get(30, TimeUnit.SECONDS);
        }
    }

    @Bean
    KStream<String, String> itemCounts(StreamsBuilder builder, @Value("${test.orders}") String orders,
            @Value("${test.item-counts}") String itemCounts) {
        KStream<String, String> sold = builder.stream(orders);
        sold.mapValues(ItemCountTopology::check, Named.as("check-item"))
            .groupBy((customer, item) -> item, Grouped.as("by-item"))
            .count(Materialized.as("item-counts"))
            .toStream(Named.as("count-changes"))
            .to(itemCounts, Produced.with(Serdes.String(), Serdes.Long()).withName("write-counts"));
        return sold;
    }

    private static String check(String item) {
        if (item.startsWith("poison")) {
            throw new IllegalStateException("cannot count item " + item);
        }
        return item;
    }
}
