package com.karrot.kafka.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.karrot.kafka.outbox.OutboxFixture.OrderStep;
import com.karrot.kafka.test.ExternalKafkaBroker;
import com.karrot.kafka.test.SharedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How fast the relay recovers with its default settings, measured as an operator sees it: after a relay JVM is
 * killed, how long until the survivor delivers the events of the killed relay's shards (seen by an independent
 * consumer); after a broker outage, how long from the broker taking writes again (seen by an independent producer)
 * until the backlog that piled up is drained. Each test prints its figures on a line starting with
 * {@code RECOVERY}; docs/reliability.md quotes them.
 */
class OutboxRecoveryIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    private static final int BACKLOG = 7_600;

    private TestDatabase database;

    private OutboxFixture fixture;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void openDatabase() {
        this.database = TestDatabase.h2();
        this.database.recreateOutbox();
        this.fixture = new OutboxFixture(this.database, "recovery-" + UUID.randomUUID());
    }

    @AfterEach
    void close() throws Exception {
        this.fixture.close();
        for (AutoCloseable resource : this.resources) {
            resource.close();
        }
        this.database.close();
    }

    /** A relay as the starter builds it, every setting at its default. */
    static OutboxRelayBuilder defaults(OutboxStore store, ShardLeaseStore leases, String bootstrap, String instanceId) {
        Duration sendTimeout = Duration.ofSeconds(10);
        Map<String, Object> admin = OutboxRelay.adminConfig(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                sendTimeout);
        return OutboxRelay.builder(store, leases, OutboxFixture.producers(bootstrap, sendTimeout),
                () -> Admin.create(admin)).instanceId(instanceId);
    }

    @Test
    void survivorDeliversTheEventsOfAKilledRelayWithinFifteenSeconds() throws Exception {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Process victim = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), RecoveryRelayProcess.class.getName(),
                this.database.url(), bootstrap, "victim")
            .redirectErrorStream(true)
            .redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "recovery-victim-" + UUID.randomUUID() + ".log").toFile())
            .start();
        this.resources.add(victim::destroyForcibly);
        await().atMost(WAIT).until(() -> shardsOf("victim") == 16);
        OutboxRelay survivor = this.fixture.started(defaults(this.fixture.store, new JdbcShardLeaseStore(
                this.database.dataSource(), this.database.tables()), bootstrap, "survivor"));
        await().atMost(WAIT).until(() -> shardsOf("victim") > 0 && shardsOf("survivor") > 0);
        OutboxEventPublisher publisher = this.fixture.publisher(survivor);
        int aggregates = 32;
        AtomicInteger rounds = new AtomicInteger();
        AtomicBoolean publishing = new AtomicBoolean(true);
        Thread publish = new Thread(() -> {
            long until = System.nanoTime() + WAIT.toNanos();
            while (publishing.get() && System.nanoTime() < until) {
                int round = rounds.get() + 1;
                this.fixture.transactions.executeWithoutResult(tx -> {
                    for (int a = 0; a < aggregates; a++) {
                        publisher.publish(new OrderStep("order-" + a, round));
                    }
                });
                rounds.set(round);
                await().pollDelay(Duration.ofMillis(50)).until(() -> true);
            }
        }, "recovery-publisher");
        long began = System.nanoTime();
        publish.start();
        try (StepReader reader = new StepReader(bootstrap, this.fixture.topic)) {
            reader.readUntil(read -> read.aggregatesAfter(10, began) == aggregates, WAIT);
            int lastBeforeKill = rounds.get() + 1;
            long killedAt = System.nanoTime();
            victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            reader.readUntil(read -> read.aggregatesAfter(lastBeforeKill, killedAt) == aggregates, WAIT);
            Duration takeover = Duration.ofNanos(reader.latestFirstArrival(lastBeforeKill, killedAt) - killedAt);
            publishing.set(false);
            publish.join(WAIT.toMillis());
            await().atMost(WAIT).until(() -> this.fixture.store.statistics().pending() == 0);
            int published = rounds.get();
            reader.readUntil(read -> read.distinctSteps() == aggregates * published, WAIT);
            reader.assertFirstCopiesInOrder(aggregates, published);
            System.out.println("RECOVERY takeover: kill -> first delivery of every aggregate of the killed relay: "
                    + takeover.toMillis() + " ms (" + aggregates * published + " events, " + reader.size()
                    + " records)");
            assertThat(takeover).isLessThan(Duration.ofSeconds(15));
        }
        finally {
            publishing.set(false);
        }
    }

    @Test
    void backlogOfABrokerOutageStartsDrainingWithinThreeSecondsOfTheBrokersReturn() throws Exception {
        ExternalKafkaBroker broker = ExternalKafkaBroker.start();
        this.resources.add(broker);
        String bootstrap = broker.bootstrapServers();
        OutboxRelay relay = this.fixture.started(defaults(this.fixture.store, new JdbcShardLeaseStore(
                this.database.dataSource(), this.database.tables()), bootstrap, "relay"));
        OutboxEventPublisher publisher = this.fixture.publisher(relay);
        int aggregates = 20;
        AtomicInteger step = new AtomicInteger();
        publishRounds(publisher, aggregates, step, 5);
        await().atMost(WAIT).until(() -> this.fixture.store.statistics().pending() == 0);

        // the normal drain: a backlog committed at once, relayed by a running relay with the broker up
        long startedAt = System.nanoTime();
        publishRounds(publisher, aggregates, step, BACKLOG / aggregates);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> this.fixture.store.statistics().pending() == 0);
        Duration normalDrain = Duration.ofNanos(System.nanoTime() - startedAt);

        String probeTopic = "recovery-probe-" + UUID.randomUUID();
        try (KafkaProducer<String, String> probe = probe(bootstrap)) {
            probe.send(new ProducerRecord<>(probeTopic, "before")).get(60, TimeUnit.SECONDS);
            long outageBegan = System.nanoTime();
            broker.stop();
            // the backlog piles up over the first 20 s of a 30 s outage, then the outbox is quiet
            for (int i = 0; i < BACKLOG / aggregates / 5; i++) {
                publishRounds(publisher, aggregates, step, 5);
                await().pollDelay(Duration.ofMillis(250)).until(() -> true);
            }
            await().atMost(WAIT).until(() -> System.nanoTime() - outageBegan >= Duration.ofSeconds(30).toNanos());
            assertThat(this.fixture.store.statistics().pending()).isEqualTo(BACKLOG);
            AtomicLong drainBegan = new AtomicLong();
            AtomicLong drained = new AtomicLong();
            Thread sampler = new Thread(() -> {
                long until = System.nanoTime() + WAIT.toNanos();
                while (drained.get() == 0 && System.nanoTime() < until) {
                    long pending = this.fixture.store.statistics().pending();
                    if (pending < BACKLOG && drainBegan.get() == 0) {
                        drainBegan.set(System.nanoTime());
                    }
                    if (pending == 0) {
                        drained.set(System.nanoTime());
                    }
                }
            }, "recovery-sampler");
            sampler.start();
            AtomicLong reachable = new AtomicLong();
            Thread prober = new Thread(() -> {
                long until = System.nanoTime() + WAIT.toNanos();
                while (reachable.get() == 0 && System.nanoTime() < until) {
                    try {
                        probe.send(new ProducerRecord<>(probeTopic, "probe")).get(2, TimeUnit.SECONDS);
                        reachable.set(System.nanoTime());
                    }
                    catch (Exception ex) {
                        // not reachable yet
                    }
                }
            }, "recovery-prober");
            prober.start();
            broker.restart();
            prober.join(WAIT.toMillis());
            sampler.join(WAIT.toMillis());
            assertThat(reachable.get()).as("the broker took a write again").isPositive();
            assertThat(drained.get()).as("the backlog was drained").isPositive();
            Duration start = Duration.ofNanos(drainBegan.get() - reachable.get());
            Duration drain = Duration.ofNanos(drained.get() - reachable.get());
            System.out.println("RECOVERY outage: " + BACKLOG + " events piled up during a "
                    + Duration.ofNanos(reachable.get() - outageBegan).toMillis() + " ms outage; broker taking writes"
                    + " -> first events drained: " + start.toMillis() + " ms, -> backlog drained: " + drain.toMillis()
                    + " ms; the same backlog committed at once with the broker up drained in " + normalDrain.toMillis()
                    + " ms (" + BACKLOG * 1000L / Math.max(1, normalDrain.toMillis()) + " events/s)");
            try (StepReader reader = new StepReader(bootstrap, this.fixture.topic)) {
                int published = step.get();
                reader.readUntil(read -> read.distinctSteps() == aggregates * published, WAIT);
                reader.assertFirstCopiesInOrder(aggregates, published);
            }
            assertThat(this.fixture.store.statistics().failed()).isZero();
            assertThat(start).isLessThan(Duration.ofSeconds(3));
        }
    }

    private void publishRounds(OutboxEventPublisher publisher, int aggregates, AtomicInteger step, int rounds) {
        this.fixture.transactions.executeWithoutResult(tx -> {
            for (int r = 0; r < rounds; r++) {
                int s = step.incrementAndGet();
                for (int a = 0; a < aggregates; a++) {
                    publisher.publish(new OrderStep("order-" + a, s));
                }
            }
        });
    }

    private int shardsOf(String instanceId) {
        Integer shards = new JdbcTemplate(this.database.dataSource()).queryForObject("SELECT COUNT(*) FROM "
                + this.database.tables().table("outbox_lease") + " WHERE owner = ?", Integer.class, instanceId);
        return shards != null ? shards : 0;
    }

    private static KafkaProducer<String, String> probe(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000,
                ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, 20,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 50, ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 20,
                ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 50),
                new StringSerializer(), new StringSerializer());
    }

    /** An independent consumer noting when each order step arrived. */
    private static final class StepReader implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;

        private final List<Arrival> arrivals = new ArrayList<>();

        StepReader(String bootstrap, String topic) {
            this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "recovery-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new ByteArrayDeserializer());
            this.consumer.subscribe(List.of(topic));
        }

        void readUntil(java.util.function.Predicate<StepReader> done, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(this)) {
                assertThat(System.nanoTime()).as("read within " + timeout + ": " + this.arrivals.size()).isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(50))) {
                    JsonNode value = OutboxFixture.JSON.readTree(record.value());
                    this.arrivals.add(new Arrival(record.key(), value.get("step").asInt(), System.nanoTime()));
                }
            }
        }

        /** Aggregates of which a step after {@code step} arrived after {@code since}. */
        long aggregatesAfter(int step, long since) {
            return this.arrivals.stream().filter(a -> a.step > step && a.at - since > 0).map(Arrival::key).distinct()
                .count();
        }

        /** The latest, over the aggregates, of the first arrival of a step after {@code step}. */
        long latestFirstArrival(int step, long since) {
            Map<String, Long> first = new HashMap<>();
            this.arrivals.stream().filter(a -> a.step > step && a.at - since > 0)
                .forEach(a -> first.putIfAbsent(a.key, a.at));
            return first.values().stream().reduce((x, y) -> x - y > 0 ? x : y).orElseThrow();
        }

        long distinctSteps() {
            return this.arrivals.stream().map(a -> a.key + ":" + a.step).distinct().count();
        }

        int size() {
            return this.arrivals.size();
        }

        /** Every step of every aggregate arrived, and the first copies in order (later copies are redeliveries). */
        void assertFirstCopiesInOrder(int aggregates, int steps) {
            Map<String, List<Integer>> firstCopies = new HashMap<>();
            Map<String, java.util.Set<Integer>> seen = new HashMap<>();
            for (Arrival arrival : this.arrivals) {
                if (seen.computeIfAbsent(arrival.key, k -> new java.util.HashSet<>()).add(arrival.step)) {
                    firstCopies.computeIfAbsent(arrival.key, k -> new ArrayList<>()).add(arrival.step);
                }
            }
            assertThat(firstCopies).hasSize(aggregates);
            List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, steps).boxed().toList();
            firstCopies.forEach((key, order) -> assertThat(order).as(key).isEqualTo(expected));
        }

        @Override
        public void close() {
            this.consumer.close(Duration.ofSeconds(5));
        }

        private record Arrival(String key, int step, long at) {
        }
    }
}
