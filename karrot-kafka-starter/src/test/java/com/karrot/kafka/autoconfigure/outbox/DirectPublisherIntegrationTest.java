package com.karrot.kafka.autoconfigure.outbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventDescriptor;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.outbox.DirectEventPublisher;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.outbox.OutboxHeadersContributor;
import com.karrot.kafka.outbox.PublishedEvent;
import com.karrot.kafka.serde.EventSerializer;
import com.karrot.kafka.test.KarrotKafkaTest;
import com.karrot.kafka.test.SharedKafkaBroker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A service without a database publishes straight to the shared broker. */
@SpringBootTest(classes = DirectPublisherIntegrationTest.App.class, properties = {
        "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "karrot.kafka.outbox.route-check=off",
        "spring.application.name=parcels",
        "karrot.kafka.outbox.topics.parcel=" + DirectPublisherIntegrationTest.TOPIC })
@KarrotKafkaTest
class DirectPublisherIntegrationTest {

    static final String TOPIC = "direct-parcels";

    @Autowired
    DirectEventPublisher publisher;

    /**
     * Makes every partition of the topic writable before the tests send many records at once: an idempotent
     * producer's first requests to a partition the broker is still creating can be reordered and fail (KAFKA-15591),
     * which is Kafka's to fix, not what these tests are about. One record at a time per partition always gets through.
     */
    @BeforeAll
    static void createTopic() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (PartitionInfo partition : producer.partitionsFor(TOPIC)) {
                producer.send(new ProducerRecord<>(TOPIC, partition.partition(), "warm-up", new byte[0]))
                    .get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Autowired
    ObjectProvider<KarrotEventPublisher> outbox;

    @Autowired
    MeterRegistry meters;

    @Autowired
    EventSerializer serializer;

    @Test
    void serviceWithoutADatabaseGetsTheDirectPublisherWhichWritesTheEnvelope() throws Exception {
        assertThat(this.outbox.getIfAvailable()).isNull();
        ParcelShipped event = new ParcelShipped("p-" + UUID.randomUUID());
        PublishedEvent sent = this.publisher.publish(event).get(30, TimeUnit.SECONDS);
        assertThat(sent.topic()).isEqualTo(TOPIC);
        ConsumerRecord<String, byte[]> record = PublishedRecords.read(sent);
        assertThat(record.key()).isEqualTo(event.parcelId());
        assertThat(header(record, "ce_id")).isEqualTo(sent.eventId());
        assertThat(header(record, "ce_type")).isEqualTo("PARCEL_SHIPPED");
        assertThat(header(record, "ce_subject")).isEqualTo(event.parcelId());
        assertThat(header(record, "ce_aggregatetype")).isEqualTo("parcel");
        assertThat(header(record, "ce_source")).isEqualTo("/parcels");
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "content-type")).isEqualTo("application/json");
        assertThat(header(record, "x-team")).isEqualTo("logistics");
        EventDescriptor descriptor = EventDescriptor.of(event);
        assertThat(record.value()).isEqualTo(this.serializer.serialize(event, descriptor, TOPIC, new HashMap<>()).payload());
    }

    @Test
    void batchReturnsOffsetsInOrderPerKey() throws Exception {
        List<ParcelShipped> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(new ParcelShipped("batch-" + (i % 10)));
        }
        List<PublishedEvent> sent = this.publisher.publishAll(events).get(60, TimeUnit.SECONDS);
        assertThat(sent).hasSize(1000);
        Map<String, PublishedEvent> lastPerKey = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            PublishedEvent previous = lastPerKey.put(events.get(i).parcelId(), sent.get(i));
            if (previous != null) {
                assertThat(sent.get(i).partition()).isEqualTo(previous.partition());
                assertThat(sent.get(i).offset()).isGreaterThan(previous.offset());
            }
        }
        assertThat(sent).extracting(PublishedEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void sendToATopicThatCannotBeWrittenFailsTheFutureAndIsCounted() {
        double failedBefore = this.meters.get("karrot.kafka.publisher.direct.failed").functionCounter().count();
        CompletableFuture<PublishedEvent> sent = this.publisher.publish("no such topic!", "p-2", new ParcelShipped("p-2"));
        assertThatThrownBy(() -> sent.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(InvalidTopicException.class);
        assertThat(this.meters.get("karrot.kafka.publisher.direct.failed").functionCounter().count())
            .isEqualTo(failedBefore + 1);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @EventType(value = "PARCEL_SHIPPED", aggregateType = "parcel")
    record ParcelShipped(@AggregateId String parcelId) {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {

        @Bean
        OutboxHeadersContributor teamHeader() {
            return (event, headers) -> headers.put("x-team", "logistics");
        }
    }
}
