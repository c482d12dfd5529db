package com.karrot.kafka.test.assertj;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.outbox.JdbcOutboxStore;
import com.karrot.kafka.outbox.JdbcShardLeaseStore;
import com.karrot.kafka.outbox.OutboxDatabase;
import com.karrot.kafka.outbox.OutboxEventPublisher;
import com.karrot.kafka.outbox.OutboxRelay;
import com.karrot.kafka.outbox.OutboxTopicResolver;
import com.karrot.kafka.serde.JsonEventSerializer;
import com.karrot.kafka.test.SharedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

import static com.karrot.kafka.test.assertj.KarrotKafkaAssertions.assertThatOutbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The outbox assertions against a real outbox (H2) and relay: one event goes out, another fails for good because
 * its topic accepts records of at most 64 bytes.
 */
class OutboxAssertIntegrationTest {

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    private final String notes = KarrotKafkaAssertions.uniqueName("outbox-notes");

    private final String tiny = KarrotKafkaAssertions.uniqueName("outbox-tiny");

    private JdbcOutboxStore store;

    private OutboxEventPublisher publisher;

    private TransactionTemplate transactions;

    private OutboxRelay relay;

    @BeforeEach
    void outboxAndRelay() throws Exception {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource(OutboxDatabase.H2.schemaLocation())).execute(dataSource);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafkaBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(this.notes, 1, (short) 1), new NewTopic(this.tiny, 1, (short) 1)
                .configs(Map.of("max.message.bytes", "64")))).all().get();
        }
        this.store = new JdbcOutboxStore(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.publisher = OutboxEventPublisher.builder(this.store)
            .serializer(new JsonEventSerializer(JsonMapper.builder().build()))
            .topics(OutboxTopicResolver.byAggregateType(Map.of("note", this.notes, "essay", this.tiny)))
            .source("/kit-tests")
            .build();
        String servers = SharedKafkaBroker.bootstrapServers();
        Map<String, Object> producerConfig = OutboxRelay.producerConfig(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), Duration.ofSeconds(5));
        this.relay = OutboxRelay.builder(this.store, new JdbcShardLeaseStore(dataSource),
                () -> new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer()),
                () -> Admin.create(OutboxRelay.adminConfig(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
                        Duration.ofSeconds(5))))
            .pollInterval(Duration.ofMillis(100))
            .sendTimeout(Duration.ofSeconds(5))
            // a record the broker refuses is FAILED at once, for an operator to retry
            .maxAttempts(1)
            .build();
        this.relay.start();
    }

    @AfterEach
    void stopRelay() {
        this.relay.stop();
    }

    @Test
    void failedEventIsFoundWithItsReasonAndKeepsTheOutboxFromDraining() {
        String sent = publish(new Note("n-1", "short"));
        assertThatOutbox(this.store).isDrainedWithin(DELIVERY).hasPending(0).hasFailed(0);
        String refused = publish(new Essay("e-1", "far too long for a topic that accepts 64 bytes at most"));
        await().atMost(DELIVERY).until(() -> this.store.statistics().failed() == 1);

        assertThatOutbox(this.store).hasPending(1)
            .hasFailed(1)
            .hasFailedEvent(refused)
            .hasStatus("FAILED")
            .hasAttempts(1)
            .withReasonContaining("RecordTooLarge");
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThatOutbox(this.store).hasFailedEvent(refused).withReasonContaining("Timeout"))
            .withMessageContaining("Expecting the failure of outbox event " + refused + " to contain \"Timeout\", but it was")
            .withMessageContaining("RecordTooLarge");
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThatOutbox(this.store).hasFailedEvent(sent))
            .withMessageContaining("Expecting outbox event " + sent + " to have a recorded failure, but it has none");
        assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThatOutbox(this.store).hasPending(0))
            .withMessageContaining("Expecting 0 pending outbox event(s) but there were 1");

        Instant start = Instant.now();
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> assertThatOutbox(this.store).isDrainedWithin(Duration.ofMillis(500)))
            .withMessageContaining("Expecting the outbox to be drained within PT0.5S, but 1 event(s) were pending (1 failed for good), the oldest published at");
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    private String publish(Object event) {
        return this.transactions.execute(status -> this.publisher.publish(event, Map.of()));
    }

    @EventType(value = "NOTE_WRITTEN", aggregateType = "note")
    record Note(@AggregateId String noteId, String text) {
    }

    @EventType(value = "ESSAY_WRITTEN", aggregateType = "essay")
    record Essay(@AggregateId String essayId, String text) {
    }
}
