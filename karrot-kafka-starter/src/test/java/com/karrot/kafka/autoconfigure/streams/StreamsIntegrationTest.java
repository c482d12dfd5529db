package com.karrot.kafka.autoconfigure.streams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.listener.dlq.DeadLetterQueue;
import com.karrot.kafka.outbox.DirectEventPublisher;
import com.karrot.kafka.streams.KarrotSerdes;
import com.karrot.kafka.streams.StateStoreQueries;
import com.karrot.kafka.streams.StreamsStateHistory;
import com.karrot.kafka.test.KarrotKafkaTest;
import com.karrot.kafka.test.SharedKafkaBroker;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ProducerFactory;

import static com.karrot.kafka.test.assertj.KarrotKafkaAssertions.assertThatDeadLetters;
import static com.karrot.kafka.test.assertj.KarrotKafkaAssertions.assertThatTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A topology declared as a {@code @Bean} runs auto-configured on the real broker: exactly-once v2 by default, counts
 * right after a stream thread died mid-transaction, records that cannot be read or processed in the dead-letter
 * topic with their original bytes while the records after them are counted, the dead-letter topic in the
 * {@code kafkadlq} queue, and the store read through the interactive query service.
 */
@SpringBootTest(classes = StreamsIntegrationTest.App.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:streams-it;DB_CLOSE_DELAY=-1",
        "spring.application.name=streams-it", "spring.kafka.streams.application-id=streams-it",
        "karrot.kafka.outbox.topics.sale=" + StreamsIntegrationTest.SALES,
        "karrot.kafka.outbox.route-check=off",
        "karrot.kafka.streams.commit-interval=500ms",
        "spring.kafka.streams.properties.auto.offset.reset=earliest",
        "spring.kafka.streams.properties.session.timeout.ms=6000",
        "spring.kafka.streams.cleanup.on-startup=true" })
@KarrotKafkaTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamsIntegrationTest {

    static final String SALES = "streams-it-sales";

    static final String COUNTS = "streams-it-counts";

    static final String STORE = "streams-it-sales-per-neighborhood";

    static final String BIG_SALES = "streams-it-big-sales";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The 25th sale that reaches the counting stage ends its stream thread with an Error, once. */
    static final AtomicInteger seen = new AtomicInteger();

    @Autowired
    DirectEventPublisher publisher;

    @Autowired
    ProducerFactory<?, ?> producerFactory;

    @Autowired
    StreamsBuilderFactoryBean factoryBean;

    @Autowired
    StateStoreQueries queries;

    @Autowired
    DeadLetterQueue deadLetters;

    @Test
    @Order(1)
    void runsExactlyOnceAndCountsRightAfterAThreadDiedMidway() {
        assertThat(this.factoryBean.getStreamsConfiguration().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
            .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        for (int i = 0; i < 60; i++) {
            this.publisher.publish(new SaleMade("item-" + i, "hood-" + (i % 3), 1000 + i));
        }
        await().atMost(TIMEOUT).ignoreException(InvalidStateStoreException.class)
            .untilAsserted(() -> assertThat(counts()).containsEntry("hood-0", 20L)
            .containsEntry("hood-1", 20L)
            .containsEntry("hood-2", 20L));
        StreamsStateHistory.Snapshot history = StreamsStateHistory.of(this.factoryBean).orElseThrow().snapshot();
        assertThat(history.lastFailure()).as("the simulated crash happened").isNotNull();
        assertThat(history.lastFailure().exception()).isInstanceOf(SimulatedCrash.class);
        await().atMost(TIMEOUT).until(() -> this.factoryBean.getKafkaStreams().state() == KafkaStreams.State.RUNNING);

        // the store shows uncommitted state: what downstream readers see is the committed output
        Map<String, Long> expected = Map.of("hood-0", 20L, "hood-1", 20L, "hood-2", 20L);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(lastValues(committedCounts())).isEqualTo(expected));
        assertThat(committedCounts()).as("no committed count went beyond its total")
            .allSatisfy(count -> assertThat(count.value()).isBetween(1L, 20L));
        assertThat(counts()).isEqualTo(expected);
    }

    @Test
    @Order(2)
    void sendsUnreadableAndFailingRecordsToTheDeadLetterTopicAndGoesOn() throws Exception {
        byte[] poison = "{\"itemId\": \"poison\", \"neighborhood\": ".getBytes(StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> unreadable = new ProducerRecord<>(SALES, "poison", poison);
        unreadable.headers().add(CloudEventHeaders.TYPE, "SALE_MADE".getBytes(StandardCharsets.UTF_8));
        unreadable.headers().add(CloudEventHeaders.CONTENT_TYPE, "application/json".getBytes(StandardCharsets.UTF_8));
        try (Producer<String, byte[]> producer = new KafkaProducer<>(this.producerFactory.getConfigurationProperties(),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(unreadable).get(10, TimeUnit.SECONDS);
        }
        this.publisher.publish(new SaleMade("refund", "hood-0", -5));
        this.publisher.publish(new SaleMade("after-the-bad-ones", "hood-1", 10));

        await().atMost(TIMEOUT).ignoreException(InvalidStateStoreException.class)
            .untilAsserted(() -> assertThat(counts()).containsEntry("hood-1", 21L));
        assertThat(counts()).containsEntry("hood-0", 20L);

        String deadLetterTopic = SALES + ".dlq";
        assertThatDeadLetters(deadLetterTopic).within(TIMEOUT).fromBeginning()
            .hasDeadLetter()
            .withValue(poison)
            .withHeader("kafka_dlt-streams-failure", "deserialization")
            .withHeader("kafka_dlt-original-topic", SALES)
            .withHeader(CloudEventHeaders.TYPE, "SALE_MADE")
            .fromGroup("streams-it")
            .hasCount(1);
        assertThatDeadLetters(deadLetterTopic).within(TIMEOUT).fromBeginning()
            .hasDeadLetter()
            .withKey("refund")
            .withHeader("kafka_dlt-streams-failure", "processing")
            .withException(IllegalArgumentException.class)
            .fromGroup("streams-it")
            .withPayloadSatisfying(SaleMade.class, sale -> assertThat(sale.price()).isEqualTo(-5))
            .hasCount(1);
        assertThat(this.deadLetters.topics()).anySatisfy(topic -> assertThat(topic.topic()).isEqualTo(deadLetterTopic));
    }

    @Test
    @Order(3)
    void sendsTheSourceOfOutputThatCannotBeWrittenToTheDeadLetterTopic() {
        this.publisher.publish(new SaleMade("no-buyer", "hood-2", 2_000_000));
        this.publisher.publish(new SaleMade("big-one", "hood-2", 3_000_000));

        assertThatTopic(BIG_SALES).within(TIMEOUT).fromBeginning()
            .hasEventOfType(BigSale.class)
            .withKey("big-one")
            .withHeader(CloudEventHeaders.TYPE, "BIG_SALE")
            .hasCount(1);
        assertThatDeadLetters(SALES + ".dlq").within(TIMEOUT).fromBeginning()
            .hasDeadLetter()
            .withKey("no-buyer")
            .withHeader("kafka_dlt-streams-failure", "production")
            .withHeader(CloudEventHeaders.TYPE, "SALE_MADE")
            .withPayloadSatisfying(SaleMade.class, sale -> assertThat(sale.price()).isEqualTo(2_000_000))
            .hasCount(1);
    }

    /** Every count the topology wrote to its output topic and committed, per partition in offset order. */
    private static List<ConsumerRecord<String, Long>> committedCounts() {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafkaBroker.bootstrapServers(), ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (Consumer<String, Long> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new LongDeserializer())) {
            // the metadata of a topic just created may not have reached the broker this client asks yet
            List<TopicPartition> partitions = await().atMost(TIMEOUT)
                .until(() -> consumer.partitionsFor(COUNTS, Duration.ofSeconds(10))
                    .stream()
                    .map(partition -> new TopicPartition(COUNTS, partition.partition()))
                    .toList(), found -> !found.isEmpty());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // under read_committed the end offset is the last stable offset: all that is committed
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<ConsumerRecord<String, Long>> counts = new ArrayList<>();
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(counts::add);
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
            return counts;
        }
    }

    private static Map<String, Long> lastValues(List<ConsumerRecord<String, Long>> records) {
        Map<String, Long> last = new HashMap<>();
        records.forEach(record -> last.put(record.key(), record.value()));
        return last;
    }

    private Map<String, Long> counts() {
        return this.queries.read(STORE, QueryableStoreTypes.<String, Long>keyValueStore(), store -> {
            Map<String, Long> counts = new HashMap<>();
            try (KeyValueIterator<String, Long> all = store.all()) {
                all.forEachRemaining(entry -> counts.put(entry.key, entry.value));
            }
            return counts;
        });
    }

    @EventType(value = "SALE_MADE", aggregateType = "sale")
    record SaleMade(@AggregateId String itemId, String neighborhood, long price) {
    }

    /** A big sale, for the auditors; one without an item id cannot be written (an empty aggregate id). */
    @EventType(value = "BIG_SALE", aggregateType = "audit")
    record BigSale(@AggregateId String itemId, long price) {
    }

    static final class SimulatedCrash extends Error {

        SimulatedCrash() {
            super("simulated crash in the middle of a transaction");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {

        @Bean
        NewTopic salesTopic() {
            return TopicBuilder.name(SALES).partitions(3).build();
        }

        @Bean
        NewTopic countsTopic() {
            return TopicBuilder.name(COUNTS).partitions(1).build();
        }

        @Bean
        NewTopic bigSalesTopic() {
            return TopicBuilder.name(BIG_SALES).partitions(1).build();
        }

        @Bean
        KStream<String, SaleMade> sales(StreamsBuilder builder, KarrotSerdes serdes) {
            KStream<String, SaleMade> sales = builder
                .stream(SALES, Consumed.with(Serdes.String(), serdes.event(SaleMade.class)))
                .filter((key, sale) -> sale != null);
            sales.mapValues(sale -> {
                if (sale.price() < 0) {
                    throw new IllegalArgumentException("negative price " + sale.price());
                }
                if (seen.incrementAndGet() == 25) {
                    throw new SimulatedCrash();
                }
                return sale;
            })
                .groupBy((key, sale) -> sale.neighborhood(), Grouped.with(Serdes.String(), serdes.event(SaleMade.class)))
                .count(Materialized.as(STORE))
                .toStream()
                .to(COUNTS, Produced.with(Serdes.String(), Serdes.Long()));
            sales.filter((key, sale) -> sale.price() > 1_000_000)
                .mapValues(sale -> new BigSale(sale.itemId().equals("no-buyer") ? "" : sale.itemId(), sale.price()))
                .to(BIG_SALES, Produced.with(Serdes.String(), serdes.event(BigSale.class)));
            return sales;
        }
    }
}
