package com.karrot.kafka.outbox;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * A relay on a real (in-memory H2) outbox and {@link MockProducer}s, driven one {@link OutboxRelay#relayOnce()} at
 * a time by the test on a clock it moves: no broker, no relay thread, no waiting on time that is not the relay's
 * own send timeout.
 */
final class RelayTestBed implements AutoCloseable {

    static final Instant START = Instant.parse("2026-11-30T12:00:00Z");

    final DataSource dataSource;

    final JdbcTemplate jdbc;

    final JdbcOutboxStore store;

    final JdbcShardLeaseStore leases;

    final MovableClock clock = new MovableClock(START);

    /** Every record the relay's producers were given, in the order they were given it. */
    final List<ProducerRecord<String, byte[]>> sent = new CopyOnWriteArrayList<>();

    /** Reads of due events the relays' stores finished, on whichever thread. */
    final AtomicInteger reads = new AtomicInteger();

    /** Deletes of sent events the relays' stores finished (each one transaction), on whichever thread. */
    final AtomicInteger deletes = new AtomicInteger();

    /** Runs on the relay's thread at each send, before the producer sees the record. */
    volatile SendHook onSend = record -> {
    };

    volatile boolean clusterAnswers = true;

    /** Whether the cluster says the topic {@code orders} exists, with a leader for its one partition. */
    volatile boolean topicExists = true;

    private final List<OutboxRelay> relays = new ArrayList<>();

    private final Admin admin = mockAdmin();

    private long sequence;

    RelayTestBed() {
        this.dataSource = new DriverManagerDataSource("jdbc:h2:mem:relay-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000");
        new ResourceDatabasePopulator(new ClassPathResource(OutboxDatabase.H2.schemaLocation())).execute(this.dataSource);
        this.jdbc = new JdbcTemplate(this.dataSource);
        this.store = new JdbcOutboxStore(this.dataSource);
        this.leases = new JdbcShardLeaseStore(this.dataSource);
    }

    /** Adds the foreign key from failure rows to their events that tables created by earlier versions have. */
    RelayTestBed withTablesOfEarlierVersions() {
        this.jdbc.execute("ALTER TABLE karrot_outbox_failure ADD CONSTRAINT karrot_outbox_failure_event "
                + "FOREIGN KEY (outbox_id) REFERENCES karrot_outbox (id) ON DELETE CASCADE");
        return this;
    }

    OutboxRelayBuilder relay(String instanceId, Supplier<Producer<String, byte[]>> producers) {
        OutboxStore counting = proxy(OutboxStore.class, this.store, (method, args, call) -> {
            Object result = call.get();
            if (method.equals("fetchDue")) {
                this.reads.incrementAndGet();
            }
            else if (method.equals("delete")) {
                this.deletes.incrementAndGet();
            }
            return result;
        });
        return OutboxRelay.builder(counting, this.leases, producers, () -> this.admin)
            .instanceId(instanceId)
            .shards(4)
            .sendTimeout(Duration.ofSeconds(1))
            .leaseDuration(Duration.ofSeconds(10))
            .backoff(new RetryBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.2))
            .clock(this.clock);
    }

    /** Builds the relay and gets it ready for {@link OutboxRelay#relayOnce()}; it is released on close. */
    OutboxRelay opened(OutboxRelayBuilder builder) {
        OutboxRelay relay = builder.build();
        relay.open();
        this.relays.add(relay);
        return relay;
    }

    /** Producers that acknowledge every record as soon as it is sent. */
    Supplier<Producer<String, byte[]>> acknowledgingProducers() {
        return () -> recording(new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()));
    }

    /** Producers that never acknowledge anything, as a cluster that takes no writes. */
    Supplier<Producer<String, byte[]>> silentProducers() {
        return () -> recording(new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer()));
    }

    /**
     * Producers that acknowledge nothing until {@code records} records were sent, then all of them at once and each
     * later record as it is sent: a cluster slower to answer than the relay is to read its next batch.
     */
    Supplier<Producer<String, byte[]>> producersAcknowledgingFrom(int records) {
        return answeringAfterEachSend(mock -> {
            if (mock.history().size() >= records) {
                while (mock.completeNext()) {
                    // each completion calls the relay back
                }
            }
        });
    }

    /**
     * Producers that answer nothing until {@code records} records were sent, then fail the first record with
     * {@code error} and acknowledge the others, and each later record as it is sent.
     */
    Supplier<Producer<String, byte[]>> producersFailingTheFirstRecordFrom(int records, RuntimeException error) {
        AtomicBoolean failed = new AtomicBoolean();
        return answeringAfterEachSend(mock -> {
            if (mock.history().size() >= records) {
                if (failed.compareAndSet(false, true)) {
                    mock.errorNext(error);
                }
                while (mock.completeNext()) {
                    // each completion calls the relay back
                }
            }
        });
    }

    /** Producers that fail every record with the given error as soon as it is sent. */
    Supplier<Producer<String, byte[]>> failingProducers(RuntimeException error) {
        return answeringAfterEachSend(mock -> mock.errorNext(error));
    }

    /** Recording producers that complete nothing by themselves: {@code answer} runs after each send. */
    private Supplier<Producer<String, byte[]>> answeringAfterEachSend(Consumer<MockProducer<String, byte[]>> answer) {
        return () -> {
            MockProducer<String, byte[]> mock = new MockProducer<>(false, null, new StringSerializer(),
                    new ByteArraySerializer());
            return proxy(recording(mock), (method, args, call) -> {
                Object result = call.get();
                if (method.equals("send")) {
                    answer.accept(mock);
                }
                return result;
            });
        };
    }

    @SuppressWarnings("unchecked")
    private Producer<String, byte[]> recording(Producer<String, byte[]> producer) {
        return proxy(producer, (method, args, call) -> {
            if (method.equals("send")) {
                ProducerRecord<String, byte[]> record = (ProducerRecord<String, byte[]>) args[0];
                this.onSend.accept(record);
                this.sent.add(record);
            }
            return call.get();
        });
    }

    /** Publishes an event of an aggregate, as the publisher would, with the shard the aggregate hashes to. */
    OutboxRecord publish(String aggregateId, int step) {
        String eventId = UUID.randomUUID().toString();
        OutboxRecord record = new OutboxRecord(null, eventId, "ORDER_STEP", "order", aggregateId, "orders",
                Math.floorMod(aggregateId.hashCode(), 4), ("{\"step\":" + step + "}").getBytes(), "application/json",
                Map.of(), START.plusNanos(++this.sequence), 0);
        this.store.insert(record);
        Long id = this.jdbc.queryForObject("SELECT id FROM karrot_outbox WHERE event_id = ?", Long.class, eventId);
        return record.withId(id);
    }

    /** Runs work in one transaction, on one connection. */
    <T> T inTransaction(Supplier<T> work) {
        return new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)).execute(tx -> work.get());
    }

    /** Writes failure state for an event directly, as another relay would have. */
    void failure(OutboxRecord record, String status, int attempts, Instant nextAttemptAt) {
        this.jdbc.update("INSERT INTO karrot_outbox_failure (outbox_id, event_id, aggregate_type, aggregate_id, status, "
                + "attempts, last_error, last_failed_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                record.id(), record.eventId(), record.aggregateType(), record.aggregateId(), status, attempts,
                "org.apache.kafka.common.errors.TimeoutException: earlier", JdbcOutboxStore.utc(this.clock.instant()),
                JdbcOutboxStore.utc(nextAttemptAt));
    }

    /**
     * Locks an event's row in a transaction of another thread, which holds it until the returned lock is closed:
     * a statement that writes the row waits meanwhile (up to the 30 s lock time-out of this database).
     */
    AutoCloseable lockRow(OutboxRecord event) throws InterruptedException {
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> inTransaction(() -> {
            this.jdbc.queryForList("SELECT id FROM karrot_outbox WHERE id = ? FOR UPDATE", event.id());
            locked.countDown();
            try {
                return release.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            }
        }), "row-lock-holder");
        holder.start();
        if (!locked.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the row was not locked within 10 s");
        }
        return () -> {
            release.countDown();
            holder.join(10_000);
        };
    }

    int count(String table) {
        Integer count = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
        return count != null ? count : 0;
    }

    /**
     * Runs the relay until the outbox is empty, with its deletes, which it does not wait for, done after each round;
     * fails after a bounded number of rounds.
     */
    int drain(OutboxRelay relay, int maxRounds) {
        for (int round = 1; round <= maxRounds; round++) {
            relay.relayOnce();
            relay.deleteAcknowledged();
            if (count("karrot_outbox") == 0) {
                return round;
            }
        }
        throw new AssertionError("the outbox was not drained in " + maxRounds + " rounds; "
                + count("karrot_outbox") + " events left");
    }

    /** The steps each aggregate reached the producer with, first sends only, in send order. */
    Map<String, List<Integer>> firstSentStepsPerAggregate() {
        Map<String, List<Integer>> steps = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ProducerRecord<String, byte[]> record : this.sent) {
            String id = new String(record.headers().lastHeader("ce_id").value());
            if (seen.add(id)) {
                String value = new String(record.value());
                int step = Integer.parseInt(value.substring(value.indexOf(':') + 1, value.length() - 1));
                steps.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(step);
            }
        }
        return steps;
    }

    /**
     * One mock admin client for the whole test, made up front (a mock is slow to make the first time), answering
     * as the cluster is at the time of each call.
     */
    private Admin mockAdmin() {
        Admin admin = mock(Admin.class);
        DescribeClusterResult cluster = mock(DescribeClusterResult.class);
        // a cluster that is down never answers: the relay's own time-out ends the wait
        given(cluster.clusterId()).willAnswer(invocation -> this.clusterAnswers ? KafkaFuture.completedFuture("cluster")
                : new KafkaFutureImpl<String>());
        given(admin.describeCluster()).willReturn(cluster);
        given(admin.describeCluster(any(DescribeClusterOptions.class))).willReturn(cluster);
        DescribeTopicsResult topics = mock(DescribeTopicsResult.class);
        given(topics.topicNameValues()).willAnswer(invocation -> Map.of("orders", topic()));
        given(admin.describeTopics(anyCollection())).willReturn(topics);
        return admin;
    }

    private KafkaFuture<TopicDescription> topic() {
        KafkaFutureImpl<TopicDescription> topic = new KafkaFutureImpl<>();
        if (this.topicExists) {
            Node broker = new Node(1, "localhost", 9092);
            topic.complete(new TopicDescription("orders", false,
                    List.of(new TopicPartitionInfo(0, broker, List.of(broker), List.of(broker)))));
        }
        else {
            topic.completeExceptionally(new UnknownTopicOrPartitionException("orders"));
        }
        return topic;
    }

    @Override
    public void close() {
        this.relays.forEach(OutboxRelay::release);
    }

    @SuppressWarnings("unchecked")
    static Producer<String, byte[]> proxy(Producer<String, byte[]> target, Interception interception) {
        return proxy(Producer.class, target, interception);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Interception interception) {
        return (T) Proxy.newProxyInstance(RelayTestBed.class.getClassLoader(),
                new Class<?>[] { type }, (proxy, method, args) -> interception.intercept(method.getName(),
                        args, () -> {
                            try {
                                return method.invoke(target, args);
                            }
                            catch (InvocationTargetException ex) {
                                throw ex.getCause();
                            }
                        }));
    }

    /** What a test does at a send. */
    @FunctionalInterface
    interface SendHook {

        void accept(ProducerRecord<String, byte[]> record);
    }

    /** Wraps one call of a producer method. */
    @FunctionalInterface
    interface Interception {

        Object intercept(String method, Object[] args, Call call) throws Throwable;
    }

    /** The call wrapped. */
    @FunctionalInterface
    interface Call {

        Object get() throws Throwable;
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            this.now = this.now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return this.now;
        }
    }
}
