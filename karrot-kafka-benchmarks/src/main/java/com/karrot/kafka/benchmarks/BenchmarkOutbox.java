package com.karrot.kafka.benchmarks;

import java.util.Map;

import com.karrot.kafka.outbox.JdbcOutboxStore;
import com.karrot.kafka.outbox.JdbcShardLeaseStore;
import com.karrot.kafka.outbox.OutboxEventPublisher;
import com.karrot.kafka.outbox.OutboxRelay;
import com.karrot.kafka.outbox.OutboxTopicResolver;
import com.karrot.kafka.serde.EventSerializer;

/**
 * The outbox under test, wired as a service would wire it: a JDBC store and lease store on the run's database,
 * a publisher that wakes the relay after commit, and a relay with the given batch size and otherwise its
 * defaults. Each phase builds its own relay and publisher, for its own topic.
 */
final class BenchmarkOutbox {

    private final BenchmarkDatabase database;

    private final BenchmarkKafka kafka;

    private final ItemSoldEvents events;

    private final TimedOutboxStore store;

    private final JdbcShardLeaseStore leases;

    private final int relayBatchSize;

    BenchmarkOutbox(BenchmarkDatabase database, BenchmarkKafka kafka, ItemSoldEvents events, int relayBatchSize) {
        this.database = database;
        this.kafka = kafka;
        this.events = events;
        this.store = new TimedOutboxStore(new JdbcOutboxStore(database.dataSource()));
        this.leases = new JdbcShardLeaseStore(database.dataSource());
        this.relayBatchSize = relayBatchSize;
    }

    BenchmarkDatabase database() {
        return this.database;
    }

    TimedOutboxStore store() {
        return this.store;
    }

    ItemSoldEvents events() {
        return this.events;
    }

    OutboxRelay relay(AckRecorder observer) {
        return OutboxRelay.builder(this.store, this.leases, this.kafka::newProducer, this.kafka::newAdmin)
            .batchSize(this.relayBatchSize)
            .sendTimeout(BenchmarkKafka.SEND_TIMEOUT)
            .observer(observer)
            .build();
    }

    OutboxEventPublisher publisher(String topic, OutboxRelay relay) {
        return publisher(topic, relay, this.events.serializer());
    }

    OutboxEventPublisher publisher(String topic, OutboxRelay relay, EventSerializer serializer) {
        return OutboxEventPublisher.builder(this.store)
            .serializer(serializer)
            .topics(OutboxTopicResolver.byAggregateType(Map.of(ItemSold.AGGREGATE_TYPE, topic)))
            .afterCommit(relay::wakeUp)
            .build();
    }
}
