package com.karrot.kafka.autoconfigure.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.test.KarrotKafkaTest;
import com.karrot.kafka.test.SharedKafkaBroker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The starter end to end: a service's @Transactional method publishes, the record reaches the shared broker. */
@SpringBootTest(classes = OutboxStarterIntegrationTest.App.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:outbox-starter;DB_CLOSE_DELAY=-1",
        "spring.application.name=listings",
        "karrot.kafka.outbox.route-check=off",
        "karrot.kafka.outbox.topics.listing=" + OutboxStarterIntegrationTest.TOPIC,
        "management.endpoints.web.exposure.include=kafkaoutbox" })
@KarrotKafkaTest
class OutboxStarterIntegrationTest {

    static final String TOPIC = "starter-listings";

    @Autowired
    ListingService listings;

    @Autowired
    MeterRegistry meters;

    @Autowired
    OutboxEndpoint endpoint;

    @Test
    void transactionalServiceMethodPublishesOnCommitOnly() {
        String kept = "kept-" + UUID.randomUUID();
        String dropped = "dropped-" + UUID.randomUUID();
        this.listings.list(kept, false);
        assertThatThrownBy(() -> this.listings.list(dropped, true)).isInstanceOf(IllegalStateException.class);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<String> keys = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
                return keys.contains(kept);
            });
            assertThat(keys).doesNotContain(dropped);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(this.meters.get("karrot.kafka.outbox.published").tag("topic", TOPIC).counter().count())
                .isGreaterThanOrEqualTo(1.0);
            assertThat(this.meters.get("karrot.kafka.outbox.latency").timer().count()).isGreaterThanOrEqualTo(1);
            assertThat(this.endpoint.outbox(null, null).pending()).isZero();
        });
        assertThat(this.meters.get("karrot.kafka.outbox.pending").gauge().value()).isZero();
        assertThat(this.endpoint.outbox(0, 5).failedEvents()).isEmpty();
    }

    private static KafkaConsumer<String, String> consumer() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "verifier-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(TOPIC));
        return consumer;
    }

    @EventType(value = "LISTING_CREATED", aggregateType = "listing")
    record ListingCreated(@AggregateId String listingId) {
    }

    @Service
    static class ListingService {

        private final KarrotEventPublisher events;

        ListingService(KarrotEventPublisher events) {
            this.events = events;
        }

        @Transactional
        public void list(String listingId, boolean failAfterPublishing) {
            this.events.publish(new ListingCreated(listingId));
            if (failAfterPublishing) {
                throw new IllegalStateException("business rule broken after publishing");
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(ListingService.class)
    static class App {
    }
}
