package com.karrot.kafka.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.karrot.kafka.event.KarrotEvent;
import com.karrot.kafka.serde.JsonEventSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires publisher and relays over one test database and one broker, and stops every relay it started. */
final class OutboxFixture implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    final TestDatabase database;

    final JdbcOutboxStore store;

    final TransactionTemplate transactions;

    final String topic;

    private final List<OutboxRelay> relays = new ArrayList<>();

    OutboxFixture(TestDatabase database, String topic) {
        this.database = database;
        this.store = new JdbcOutboxStore(database.dataSource(), database.tables());
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()));
        this.topic = topic;
    }

    OutboxEventPublisher publisher(OutboxRelay wakeUp) {
        return OutboxEventPublisher.builder(this.store)
            .serializer(new JsonEventSerializer(JSON))
            .topics(OutboxTopicResolver.byAggregateType(Map.of("order", this.topic)))
            .source("/outbox-tests")
            .afterCommit(wakeUp != null ? wakeUp::wakeUp : null)
            .build();
    }

    OutboxRelayBuilder relay(String bootstrapServers, String instanceId) {
        JdbcShardLeaseStore leases = new JdbcShardLeaseStore(this.database.dataSource(), this.database.tables());
        return OutboxRelay.builder(this.store, leases, producers(bootstrapServers, Duration.ofSeconds(2)),
                admins(bootstrapServers))
            .instanceId(instanceId)
            .pollInterval(Duration.ofMillis(100))
            .sendTimeout(Duration.ofSeconds(2))
            .leaseDuration(Duration.ofSeconds(5))
            .maxOutagePause(Duration.ofSeconds(1));
    }

    OutboxRelay started(OutboxRelayBuilder builder) {
        OutboxRelay relay = builder.build();
        this.relays.add(relay);
        relay.start();
        return relay;
    }

    List<OutboxRelay> relays() {
        return List.copyOf(this.relays);
    }

    static Supplier<Producer<String, byte[]>> producers(String bootstrapServers, Duration sendTimeout) {
        Map<String, Object> config = OutboxRelay.producerConfig(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), sendTimeout);
        return () -> new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    static Supplier<Admin> admins(String bootstrapServers) {
        return () -> Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1000));
    }

    @Override
    public void close() {
        this.relays.forEach(OutboxRelay::stop);
    }

    /** A test event: the n-th step of an order. */
    record OrderStep(String orderId, int step) implements KarrotEvent {

        @Override
        public String eventType() {
            return "ORDER_STEP";
        }

        @Override
        public String aggregateType() {
            return "order";
        }

        @Override
        public String aggregateId() {
            return this.orderId;
        }
    }
}
