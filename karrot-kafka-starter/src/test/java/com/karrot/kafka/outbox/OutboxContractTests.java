package com.karrot.kafka.outbox;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.event.InvalidEventException;
import com.karrot.kafka.outbox.OutboxFixture.OrderStep;
import com.karrot.kafka.test.ExternalKafkaBroker;
import com.karrot.kafka.test.SharedKafkaBroker;
import com.karrot.kafka.serde.JsonEventSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The outbox contract, the same on every database: each database runs it by naming only its connection.
 * Every test uses the real broker and its own topic, and counts what arrived with an independent consumer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OutboxContractTests {

    private static final Duration DELIVERY = Duration.ofSeconds(60);

    private TestDatabase database;

    private OutboxFixture fixture;

    abstract TestDatabase createDatabase();

    @BeforeAll
    void openDatabase() {
        this.database = createDatabase();
        this.database.recreateOutbox();
    }

    @AfterAll
    void closeDatabase() {
        this.database.close();
    }

    @BeforeEach
    void freshOutbox() {
        this.database.resetOutbox();
        this.fixture = new OutboxFixture(this.database, "outbox-" + UUID.randomUUID());
    }

    @AfterEach
    void stopRelaysAndCheckNoFailureRowLacksItsEvent() {
        this.fixture.close();
        assertThat(this.database.orphanedFailureRows()).as("failure rows without their outbox row").isZero();
    }

    @Test
    void rolledBackTransactionPublishesNothing() {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        OutboxRelay relay = this.fixture.started(this.fixture.relay(bootstrap, "relay-1"));
        OutboxEventPublisher publisher = this.fixture.publisher(relay);
        this.fixture.transactions.executeWithoutResult(tx -> {
            publisher.publish(new OrderStep("rolled-back", 1));
            tx.setRollbackOnly();
        });
        this.fixture.transactions.executeWithoutResult(tx -> publisher.publish(new OrderStep("committed", 1)));
        try (TopicRecords topic = new TopicRecords(bootstrap, this.fixture.topic)) {
            List<ConsumerRecord<String, byte[]>> records = topic.readAtLeast(1, DELIVERY);
            assertThat(records).extracting(ConsumerRecord::key).containsExactly("committed");
        }
        assertThat(this.fixture.store.statistics().pending()).isZero();
    }

    @Test
    void committedEventIsPublishedOnceWithKeyAndCloudEventHeaders() {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        OutboxRelay relay = this.fixture.started(this.fixture.relay(bootstrap, "relay-1"));
        OutboxEventPublisher publisher = this.fixture.publisher(relay);
        String eventId = this.fixture.transactions.execute(tx -> publisher.publish(new OrderStep("o-1", 7),
                Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")));
        try (TopicRecords topic = new TopicRecords(bootstrap, this.fixture.topic)) {
            ConsumerRecord<String, byte[]> record = topic.readAtLeast(1, DELIVERY).get(0);
            assertThat(record.key()).isEqualTo("o-1");
            assertThat(new String(record.value())).isEqualTo("{\"orderId\":\"o-1\",\"step\":7}");
            assertThat(TopicRecords.header(record, CloudEventHeaders.ID)).isEqualTo(eventId);
            assertThat(TopicRecords.header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(TopicRecords.header(record, CloudEventHeaders.TYPE)).isEqualTo("ORDER_STEP");
            assertThat(TopicRecords.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/outbox-tests");
            assertThat(TopicRecords.header(record, CloudEventHeaders.SUBJECT)).isEqualTo("o-1");
            assertThat(TopicRecords.header(record, CloudEventHeaders.AGGREGATE_TYPE)).isEqualTo("order");
            assertThat(TopicRecords.header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(TopicRecords.header(record, CloudEventHeaders.TIME)).isNotBlank();
            assertThat(TopicRecords.header(record, "traceparent")).startsWith("00-0af7651916cd43dd");
            // nothing more arrives: a second event proves the first was not sent twice
            this.fixture.transactions.executeWithoutResult(tx -> publisher.publish(new OrderStep("o-1", 8)));
            assertThat(topic.readAtLeast(2, DELIVERY)).hasSize(2);
        }
        await().atMost(DELIVERY).until(() -> this.fixture.store.statistics().pending() == 0);
    }

    @Test
    void stoppedRelayCanBeStartedAgain() {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        OutboxRelay relay = this.fixture.started(this.fixture.relay(bootstrap, "relay-1"));
        OutboxEventPublisher publisher = this.fixture.publisher(relay);
        this.fixture.transactions.executeWithoutResult(tx -> publisher.publish(new OrderStep("before", 1)));
        try (TopicRecords topic = new TopicRecords(bootstrap, this.fixture.topic)) {
            topic.readAtLeast(1, DELIVERY);
            relay.stop();
            this.fixture.transactions.executeWithoutResult(tx -> publisher.publish(new OrderStep("while-stopped", 1)));
            assertThat(this.fixture.store.statistics().pending()).isEqualTo(1);
            relay.start();
            assertThat(topic.readAtLeast(2, DELIVERY)).extracting(ConsumerRecord::key)
                .containsExactly("before", "while-stopped");
        }
    }

    @Test
    void threeRelaysOnOneTableLoseNothingAndKeepOrderPerAggregate() {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        OutboxRelay first = this.fixture.started(this.fixture.relay(bootstrap, "relay-1").batchSize(50));
        OutboxEventPublisher publisher = this.fixture.publisher(first);
        int aggregates = 40;
        int steps = 30;
        for (int step = 1; step <= steps; step++) {
            int s = step;
            this.fixture.transactions.executeWithoutResult(tx -> {
                for (int a = 0; a < aggregates; a++) {
                    publisher.publish(new OrderStep("order-" + a, s));
                }
            });
            if (step == 10) {
                this.fixture.started(this.fixture.relay(bootstrap, "relay-2").batchSize(50));
            }
            if (step == 20) {
                this.fixture.started(this.fixture.relay(bootstrap, "relay-3").batchSize(50));
            }
        }
        try (TopicRecords topic = new TopicRecords(bootstrap, this.fixture.topic)) {
            List<ConsumerRecord<String, byte[]>> records = topic.readAtLeast(aggregates * steps, DELIVERY);
            assertInOrderPerAggregate(records, aggregates, steps);
            assertThat(records).hasSize(aggregates * steps);
        }
        await().atMost(DELIVERY).until(() -> this.fixture.store.statistics().pending() == 0);
    }

    @Test
    void shardsOfADeadRelayAreTakenOverAfterTheLeaseWithNothingLost() {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        // the first relay hangs for good in the middle of its first batch, as a relay whose JVM froze
        HangingProducers hanging = new HangingProducers(OutboxFixture.producers(bootstrap, Duration.ofSeconds(2)), 25);
        OutboxRelayBuilder frozen = OutboxRelay.builder(this.fixture.store,
                new JdbcShardLeaseStore(this.database.dataSource(), this.database.tables()), hanging,
                OutboxFixture.admins(bootstrap))
            .instanceId("frozen")
            .batchSize(100)
            .pollInterval(Duration.ofMillis(100))
            .sendTimeout(Duration.ofSeconds(2))
            .leaseDuration(Duration.ofSeconds(5));
        OutboxEventPublisher publisher = this.fixture.publisher(null);
        int aggregates = 10;
        int steps = 20;
        for (int step = 1; step <= steps; step++) {
            int s = step;
            this.fixture.transactions.executeWithoutResult(tx -> {
                for (int a = 0; a < aggregates; a++) {
                    publisher.publish(new OrderStep("order-" + a, s));
                }
            });
        }
        OutboxRelay frozenRelay = frozen.build();
        frozenRelay.start();
        try {
            await().atMost(DELIVERY).until(hanging::hung);
            this.fixture.started(this.fixture.relay(bootstrap, "survivor").batchSize(100));
            try (TopicRecords topic = new TopicRecords(bootstrap, this.fixture.topic)) {
                List<ConsumerRecord<String, byte[]>> records = topic.readUntil(
                        read -> distinctEventIds(read) == aggregates * steps, DELIVERY);
                assertInOrderPerAggregate(records, aggregates, steps);
            }
            await().atMost(DELIVERY).until(() -> this.fixture.store.statistics().pending() == 0);
        }
        finally {
            hanging.release();
            frozenRelay.stop();
        }
        // the frozen relay woke up long past its lease and deadline: it wrote no failure for what the survivor sent
        assertThat(this.database.failureRows()).isZero();
        publishSteps(publisher, aggregates, steps + 1, steps + 1);
        this.fixture.relays().forEach(OutboxRelay::wakeUp);
        await().atMost(DELIVERY).until(() -> this.fixture.store.statistics().pending() == 0);
    }

    @Test
    void relayKilledMidBatchLosesNothingWhenAnotherTakesOver() throws Exception {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        OutboxEventPublisher publisher = this.fixture.publisher(null);
        int aggregates = 20;
        int steps = 50;
        publishSteps(publisher, aggregates, 1, steps);
        Process relayProcess = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), RelayProcess.class.getName(),
                this.database.url(), bootstrap, this.database.tables().prefix(),
                String.valueOf(this.database.tables().schema()))
            .redirectErrorStream(true)
            .redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "relay-process-" + UUID.randomUUID() + ".log").toFile())
            .start();
        try (TopicRecords topic = new TopicRecords(bootstrap, this.fixture.topic)) {
            topic.readAtLeast(100, DELIVERY);
            relayProcess.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            long pendingAfterKill = this.fixture.store.statistics().pending();
            assertThat(pendingAfterKill).as("the relay was killed before it had drained the outbox").isPositive();
            this.fixture.started(this.fixture.relay(bootstrap, "survivor"));
            List<ConsumerRecord<String, byte[]>> records = topic.readUntil(
                    read -> distinctEventIds(read) == aggregates * steps, DELIVERY);
            assertInOrderPerAggregate(records, aggregates, steps);
        }
        finally {
            relayProcess.destroyForcibly();
        }
        await().atMost(DELIVERY).until(() -> this.fixture.store.statistics().pending() == 0);
    }

    @Test
    void eventsPublishedDuringABrokerOutageArriveInOrderAfterItsReturnWithNoAttemptCounted() {
        try (ExternalKafkaBroker broker = ExternalKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            List<Throwable> outages = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<String> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
            OutboxRelayObserver observer = new OutboxRelayObserver() {
                @Override
                public void outage(Throwable error) {
                    outages.add(error);
                }

                @Override
                public void failed(OutboxRecord record, Throwable error, boolean failedForGood) {
                    attempts.add(record.eventId() + ": " + error);
                }
            };
            OutboxRelay relay = this.fixture.started(this.fixture.relay(bootstrap, "relay-1").observer(observer));
            this.fixture.started(this.fixture.relay(bootstrap, "relay-2").observer(observer));
            OutboxEventPublisher publisher = this.fixture.publisher(relay);
            int aggregates = 10;
            publishSteps(publisher, aggregates, 1, 10);
            try (TopicRecords topic = new TopicRecords(bootstrap, this.fixture.topic)) {
                topic.readUntil(read -> distinctEventIds(read) == aggregates * 10, DELIVERY);
            }
            broker.stop();
            publishSteps(publisher, aggregates, 11, 30);
            // several rounds, so that relays also try with fresh producers that have no metadata at all
            await().atMost(DELIVERY).until(() -> outages.size() >= 4);
            assertThat(this.fixture.store.statistics().pending()).isEqualTo(aggregates * 20L);
            // while the broker is down nothing counts; once it is back, a batch that a slow machine acknowledges
            // only in part may count an attempt against the rest, which is a failure the cluster reported
            assertThat(attempts).as("attempts counted against events during the outage").isEmpty();
            assertThat(this.database.failureRows()).isZero();
            broker.restart();
            try (TopicRecords topic = new TopicRecords(bootstrap, this.fixture.topic)) {
                List<ConsumerRecord<String, byte[]>> records = topic.readUntil(
                        read -> distinctEventIds(read) == aggregates * 30, DELIVERY);
                assertInOrderPerAggregate(records, aggregates, 30);
            }
            await().atMost(DELIVERY).until(() -> this.fixture.store.statistics().pending() == 0);
            assertThat(this.fixture.store.statistics().failed()).isZero();
            assertThat(this.database.failureRows()).isZero();
        }
    }

    @Test
    void retriableFailuresAreRetriedWithBackoffAndDeliveredOnceTheyHeal() throws Exception {
        // the topic does not exist yet and the cluster will not create it: sends fail, the cluster answers
        try (ExternalKafkaBroker broker = ExternalKafkaBroker.start(Map.of("auto.create.topics.enable", "false"))) {
            String bootstrap = broker.bootstrapServers();
            OutboxRelay relay = this.fixture.started(this.fixture.relay(bootstrap, "relay-1")
                .backoff(new RetryBackoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(1), 0.0))
                .maxAttempts(100));
            OutboxEventPublisher publisher = this.fixture.publisher(relay);
            String eventId = this.fixture.transactions.execute(tx -> publisher.publish(new OrderStep("o-1", 1)));
            this.fixture.transactions.executeWithoutResult(tx -> publisher.publish(new OrderStep("o-1", 2)));
            await().atMost(DELIVERY).until(() -> this.fixture.store.findFailure(eventId)
                .map(f -> f.attempts() >= 2).orElse(false));
            FailedOutboxEvent failing = this.fixture.store.findFailure(eventId).orElseThrow();
            assertThat(failing.status()).isEqualTo("RETRYING");
            assertThat(failing.lastError()).contains("TimeoutException");
            assertThat(failing.nextAttemptAt()).isAfter(failing.lastFailedAt());
            createTopic(bootstrap, this.fixture.topic, Map.of());
            try (TopicRecords topic = new TopicRecords(bootstrap, this.fixture.topic)) {
                List<ConsumerRecord<String, byte[]>> records = topic.readUntil(read -> distinctEventIds(read) == 2,
                        DELIVERY);
                assertInOrderPerAggregate(records, 1, 2);
            }
            await().atMost(DELIVERY).until(() -> this.fixture.store.statistics().pending() == 0);
        }
    }

    @Test
    void failedEventIsRetriedByTheOperatorOrPeriodicallyWhenConfigured() throws Exception {
        try (ExternalKafkaBroker broker = ExternalKafkaBroker.start(Map.of("auto.create.topics.enable", "false"))) {
            String bootstrap = broker.bootstrapServers();
            RetryBackoff quick = new RetryBackoff(Duration.ofMillis(100), 1.0, Duration.ofMillis(100), 0.0);
            OutboxRelay relay = this.fixture.started(this.fixture.relay(bootstrap, "relay-1").backoff(quick).maxAttempts(2));
            OutboxEventPublisher publisher = this.fixture.publisher(relay);
            String eventId = this.fixture.transactions.execute(tx -> publisher.publish(new OrderStep("o-1", 1)));
            await().atMost(DELIVERY).until(() -> this.fixture.store.statistics().failed() == 1);
            FailedOutboxEvent failed = this.fixture.store.findFailed(0, 10).get(0);
            assertThat(failed.eventId()).isEqualTo(eventId);
            assertThat(failed.attempts()).isEqualTo(2);
            assertThat(failed.nextAttemptAt()).isNull();
            createTopic(bootstrap, this.fixture.topic, Map.of());
            assertThat(this.fixture.store.retryAllFailed(java.time.Instant.now())).isEqualTo(1);
            relay.wakeUp();
            try (TopicRecords topic = new TopicRecords(bootstrap, this.fixture.topic)) {
                assertThat(topic.readAtLeast(1, DELIVERY)).extracting(ConsumerRecord::key).containsExactly("o-1");
            }
            await().atMost(DELIVERY).until(() -> this.fixture.store.statistics().pending() == 0);

            // the old platform's behaviour, as an option: FAILED events come due again by themselves
            String otherTopic = "outbox-" + UUID.randomUUID();
            OutboxRelay periodic = this.fixture.started(this.fixture.relay(bootstrap, "relay-2").backoff(quick)
                .maxAttempts(1).failedRetryInterval(Duration.ofMillis(500)));
            relay.stop();
            OutboxEventPublisher other = OutboxEventPublisher.builder(this.fixture.store)
                .serializer(new JsonEventSerializer(OutboxFixture.JSON))
                .topics(OutboxTopicResolver.byAggregateType(Map.of("order", otherTopic)))
                .afterCommit(periodic::wakeUp)
                .build();
            String periodicId = this.fixture.transactions.execute(tx -> other.publish(new OrderStep("o-2", 1)));
            await().atMost(DELIVERY).until(() -> this.fixture.store.findFailure(periodicId)
                .map(f -> "FAILED".equals(f.status()) && f.nextAttemptAt() != null).orElse(false));
            createTopic(bootstrap, otherTopic, Map.of());
            try (TopicRecords topic = new TopicRecords(bootstrap, otherTopic)) {
                assertThat(topic.readAtLeast(1, DELIVERY)).extracting(ConsumerRecord::key).containsExactly("o-2");
            }
        }
    }

    @Test
    void recordOverTheBrokerLimitFailsWithTheReasonAndHoldsBackOnlyItsAggregate() throws Exception {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        createTopic(bootstrap, this.fixture.topic, Map.of("max.message.bytes", "2000"));
        // one event per batch: a relay that reads both "bulky" events at once sends both, and Kafka's producer writes
        // the second after the broker refused the first (the gap the outbox guide names)
        OutboxRelay relay = this.fixture.started(this.fixture.relay(bootstrap, "relay-1").batchSize(1));
        OutboxEventPublisher publisher = this.fixture.publisher(relay);
        String tooLarge = this.fixture.transactions.execute(tx -> publisher.publish(new BulkyOrderStep("bulky", 1, "x".repeat(3000))));
        await().atMost(DELIVERY).until(() -> this.fixture.store.statistics().failed() == 1);
        FailedOutboxEvent failed = this.fixture.store.findFailed(0, 10).get(0);
        assertThat(failed.eventId()).isEqualTo(tooLarge);
        assertThat(failed.lastError()).contains("RecordTooLarge");
        assertThat(failed.nextAttemptAt()).isNull();
        String heldBack = this.fixture.transactions.execute(tx -> publisher.publish(new BulkyOrderStep("bulky", 2, "small now")));
        this.fixture.transactions.executeWithoutResult(tx -> publisher.publish(new OrderStep("other", 1)));
        try (TopicRecords topic = new TopicRecords(bootstrap, this.fixture.topic)) {
            assertThat(topic.readAtLeast(1, DELIVERY)).extracting(ConsumerRecord::key).containsExactly("other");
            // the next event of the aggregate waits behind the failed one, until an operator discards it (the relay
            // deletes "other" shortly after the consumer has seen it)
            await().atMost(DELIVERY).until(() -> this.fixture.store.statistics().pending() == 2);
            assertThat(this.fixture.store.findFailure(heldBack)).isEmpty();
            assertThat(this.fixture.store.findFailed(0, 10)).extracting(FailedOutboxEvent::eventId).containsExactly(tooLarge);
            assertThat(this.fixture.store.discard(tooLarge)).isTrue();
            List<ConsumerRecord<String, byte[]>> records = topic.readAtLeast(2, DELIVERY);
            assertThat(records).extracting(r -> TopicRecords.header(r, CloudEventHeaders.ID)).contains(heldBack)
                .doesNotContain(tooLarge);
        }
        await().atMost(DELIVERY).until(() -> this.fixture.store.statistics().pending() == 0);
    }

    @Test
    void publishingOutsideATransactionFailsWithAClearMessage() {
        OutboxEventPublisher publisher = this.fixture.publisher(null);
        assertThatThrownBy(() -> publisher.publish(new OrderStep("o-1", 1)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("needs an active transaction")
            .hasMessageContaining("karrot.kafka.outbox.transaction");
        assertThat(this.fixture.store.statistics().pending()).isZero();
    }

    @Test
    void badEventsFailAtPublishTimeAndRollBackNothingElse() {
        OutboxEventPublisher publisher = this.fixture.publisher(null);
        record Unroutable(String id) implements com.karrot.kafka.event.KarrotEvent {
            public String eventType() {
                return "UNROUTABLE";
            }

            public String aggregateType() {
                return "nowhere";
            }

            public String aggregateId() {
                return this.id;
            }
        }
        assertThatThrownBy(() -> this.fixture.transactions.executeWithoutResult(tx -> publisher.publish(new Unroutable("1"))))
            .isInstanceOf(InvalidEventException.class)
            .hasMessageContaining("karrot.kafka.outbox.topics.nowhere");
        assertThatThrownBy(() -> this.fixture.transactions.executeWithoutResult(tx -> publisher.publish("not an event")))
            .isInstanceOf(InvalidEventException.class)
            .hasMessageContaining("is not an event");
        assertThatThrownBy(() -> this.fixture.transactions.executeWithoutResult(
                tx -> publisher.publish(new OrderStep("z".repeat(300), 1))))
            .isInstanceOf(InvalidEventException.class)
            .hasMessageContaining("aggregate id")
            .hasMessageContaining("at most 255");
        OutboxEventPublisher small = OutboxEventPublisher.builder(this.fixture.store)
            .serializer(new JsonEventSerializer(OutboxFixture.JSON))
            .topics(OutboxTopicResolver.byAggregateType(Map.of("order", this.fixture.topic)))
            .maxPayloadBytes(100)
            .build();
        assertThatThrownBy(() -> this.fixture.transactions.executeWithoutResult(
                tx -> small.publish(new BulkyOrderStep("o-1", 1, "y".repeat(200)))))
            .isInstanceOf(InvalidEventException.class)
            .hasMessageContaining("karrot.kafka.outbox.max-payload-size");
        assertThat(this.fixture.store.statistics().pending()).isZero();
    }

    @Test
    void failureStateWrittenWhileTheEventIsBeingDeletedWaitsAndThenWritesNothing() throws Exception {
        OutboxRecord event = publishedAndLeasedTo("relay-old");
        String outbox = this.database.tables().table("outbox");

        boolean recorded = whileAnotherTransactionHolds(
                connection -> execute(connection, "DELETE FROM " + outbox + " WHERE id = ?", event.id()),
                () -> this.fixture.store.recordFailure(event, "too late", Instant.now(), null, true, "relay-old"));

        assertThat(recorded).as("recorded").isFalse();
        assertThat(this.database.failureRows()).isZero();
    }

    @Test
    void deleteWaitsForFailureStateBeingWrittenAndTakesItAlong() throws Exception {
        OutboxRecord event = publishedAndLeasedTo("relay-old");
        String outbox = this.database.tables().table("outbox");
        String failure = this.database.tables().table("outbox_failure");

        // what a relay's failure write does: the event row locked, then the failure row, committed together
        whileAnotherTransactionHolds(connection -> {
            execute(connection, "SELECT id FROM " + outbox + " WHERE id = ? FOR UPDATE", event.id());
            execute(connection, "INSERT INTO " + failure + " (outbox_id, event_id, aggregate_type, aggregate_id, status, "
                    + "attempts, last_error, last_failed_at) VALUES (?, ?, 'order', ?, 'FAILED', 1, 'too late', ?)",
                    event.id(), event.eventId(), event.aggregateId(), LocalDateTime.now());
        }, () -> {
            this.fixture.store.delete(List.of(event));
            return null;
        });

        assertThat(this.fixture.store.statistics().pending()).isZero();
        assertThat(this.database.failureRows()).as("the failure row went with its event").isZero();
    }

    /** Statements run in a transaction of their own. */
    private interface TransactionWork {

        void run(Connection connection) throws SQLException;
    }

    /**
     * Runs the store's work while another transaction holds what {@code hold} wrote: waits until the work waits for
     * that transaction's lock (failing if it finished first), then commits the other transaction.
     * @return what the work returned
     */
    private <T> T whileAnotherTransactionHolds(TransactionWork hold, Supplier<T> work) throws Exception {
        try (Connection other = this.database.dataSource().getConnection()) {
            other.setAutoCommit(false);
            hold.run(other);
            CompletableFuture<T> done = CompletableFuture.supplyAsync(work);
            await().atMost(Duration.ofSeconds(30))
                .until(() -> done.isDone() || this.database.sessionsWaitingForALock() > 0);
            assertThat(done).as("waiting for the other transaction's lock").isNotDone();
            other.commit();
            return done.get(30, TimeUnit.SECONDS);
        }
    }

    private static void execute(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.execute();
        }
    }

    /** Publishes one event and leases its shard to the relay named. */
    private OutboxRecord publishedAndLeasedTo(String relay) {
        OutboxEventPublisher publisher = this.fixture.publisher(null);
        this.fixture.transactions.executeWithoutResult(tx -> publisher.publish(new OrderStep("o-1", 1)));
        OutboxRecord event = this.fixture.store.fetchDue(null, Instant.now(), OrderingMode.PER_AGGREGATE, 10, List.of())
            .get(0);
        JdbcShardLeaseStore leases = new JdbcShardLeaseStore(this.database.dataSource(), this.database.tables());
        leases.createShards(event.shard() + 1);
        assertThat(leases.claim(event.shard(), relay, Instant.now(), Instant.now().plusSeconds(60))).isTrue();
        return event;
    }

    /** An order step with a payload of any size. */
    record BulkyOrderStep(String orderId, int step, String filler) implements com.karrot.kafka.event.KarrotEvent {

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

    private void publishSteps(OutboxEventPublisher publisher, int aggregates, int from, int to) {
        for (int step = from; step <= to; step++) {
            int s = step;
            this.fixture.transactions.executeWithoutResult(tx -> {
                for (int a = 0; a < aggregates; a++) {
                    publisher.publish(new OrderStep("order-" + a, s));
                }
            });
        }
    }

    /** Every aggregate's steps arrive complete and in order; repeats of already-seen events are allowed. */
    static void assertInOrderPerAggregate(List<ConsumerRecord<String, byte[]>> records, int aggregates, int steps) {
        Map<String, List<Integer>> firstSeen = new HashMap<>();
        Set<String> seenIds = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (seenIds.add(TopicRecords.header(record, CloudEventHeaders.ID))) {
                OrderStep step = OutboxFixture.JSON.readValue(record.value(), OrderStep.class);
                firstSeen.computeIfAbsent(step.orderId(), k -> new ArrayList<>()).add(step.step());
            }
        }
        assertThat(firstSeen).hasSize(aggregates);
        List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, steps).boxed().toList();
        firstSeen.forEach((aggregate, seen) -> assertThat(seen).as("steps of %s", aggregate).isEqualTo(expected));
    }

    static long distinctEventIds(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> TopicRecords.header(r, CloudEventHeaders.ID)).distinct().count();
    }

    private static void createTopic(String bootstrap, String topic, Map<String, String> config) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1).configs(config))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void alterTopic(String bootstrap, String topic, String key, String value) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            org.apache.kafka.common.config.ConfigResource resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
                    new org.apache.kafka.clients.admin.ConfigEntry(key, value),
                    org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
        }
    }
}
