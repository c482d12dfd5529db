package com.karrot.kafka.autoconfigure.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.outbox.DirectEventPublisher;
import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.kafka.outbox.OutboxEventPublisher;
import com.karrot.kafka.outbox.OutboxHeadersContributor;
import com.karrot.kafka.test.KarrotKafkaTest;
import com.karrot.kafka.test.SharedKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service with a database and the direct publisher asked for: the outbox is its {@link KarrotEventPublisher}, the
 * direct publisher is there by its own type, and both write the same record for the same event, with the headers
 * of the service's {@link OutboxHeadersContributor} beans.
 */
@SpringBootTest(classes = DirectAndOutboxRecordsIntegrationTest.App.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:direct-and-outbox;DB_CLOSE_DELAY=-1",
        "spring.application.name=couriers",
        "karrot.kafka.outbox.route-check=off",
        "karrot.kafka.publisher.direct.enabled=true",
        "karrot.kafka.outbox.topics.courier=" + DirectAndOutboxRecordsIntegrationTest.TOPIC })
@KarrotKafkaTest
class DirectAndOutboxRecordsIntegrationTest {

    static final String TOPIC = "direct-and-outbox-couriers";

    private static final List<String> OWN_TO_EACH_EVENT = List.of(CloudEventHeaders.ID, CloudEventHeaders.TIME);

    @Autowired
    KarrotEventPublisher outbox;

    @Autowired
    DirectEventPublisher direct;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void directPublisherWritesTheRecordTheOutboxWrites() throws Exception {
        assertThat(this.outbox).isInstanceOf(OutboxEventPublisher.class);
        CourierAssigned event = new CourierAssigned("courier-" + UUID.randomUUID(), "Seoul", 3);
        new TransactionTemplate(this.transactionManager).executeWithoutResult(status -> this.outbox.publish(event));
        this.direct.publish(event).get(30, TimeUnit.SECONDS);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200))
                    .forEach(record -> {
                        if (record.key().equals(event.courierId())) {
                            records.add(record);
                        }
                    });
                return records.size() >= 2;
            });
        }
        ConsumerRecord<String, byte[]> viaOutbox = records.get(0);
        ConsumerRecord<String, byte[]> viaDirect = records.get(1);
        assertThat(viaDirect.key()).isEqualTo(viaOutbox.key());
        assertThat(viaDirect.value()).isEqualTo(viaOutbox.value());
        assertThat(headers(viaDirect)).isEqualTo(headers(viaOutbox)).containsKeys("ce_type", "ce_source", "content-type")
            .containsEntry("x-team", "dispatch");
        assertThat(viaDirect.headers().lastHeader(CloudEventHeaders.ID).value())
            .isNotEqualTo(viaOutbox.headers().lastHeader(CloudEventHeaders.ID).value());
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (!OWN_TO_EACH_EVENT.contains(header.key())) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "verifier-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(TOPIC));
        return consumer;
    }

    @EventType(value = "COURIER_ASSIGNED", aggregateType = "courier")
    record CourierAssigned(@AggregateId String courierId, String city, int parcels) {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {

        @Bean
        OutboxHeadersContributor teamHeader() {
            return (event, headers) -> headers.put("x-team", "dispatch");
        }
    }
}
