package com.karrot.kafka.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.karrot.kafka.autoconfigure.listener.DeadLetterEndpoint;
import com.karrot.kafka.autoconfigure.listener.DeadLetterEndpoint.DeadLetterDescriptor;
import com.karrot.kafka.autoconfigure.listener.DeadLetterEndpoint.DeadLetterPage;
import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.listener.TestEvents.ItemListed;
import com.karrot.kafka.listener.TestEvents.ItemSold;
import com.karrot.kafka.listener.dlq.DeadLetterQueue;
import com.karrot.kafka.listener.dlq.DeadLetterQueue.ReplayResult;
import com.karrot.kafka.listener.dlq.DeadLetterQueue.TopicSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Valid;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static com.karrot.kafka.listener.ListenerTestKafka.count;
import static com.karrot.kafka.listener.ListenerTestKafka.header;
import static com.karrot.kafka.listener.ListenerTestKafka.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The {@code kafkadlq} endpoint on the shared broker: dead letters browsed, counted and replayed once. */
class DeadLetterReplayIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ListenerTestKafka kafka = new ListenerTestKafka();

    @AfterEach
    void close() {
        this.kafka.close();
    }

    private static ApplicationContextRunner contextRunner(String topic, String group) {
        return ListenerTestKafka.contextRunner()
            .withPropertyValues("test.topic=" + topic, "test.group=" + group,
                    "management.endpoints.web.exposure.include=kafkadlq",
                    "karrot.kafka.listener.dead-letter.replay-log-topic=" + unique("replays"));
    }

    @Test
    void deadLettersAreBrowsedWithFiltersAndPages() {
        String topic = unique("dlq-browse");
        String deadLetterTopic = topic + ".dlq";
        this.kafka.createTopics(2, topic);
        contextRunner(topic, unique("dlq-browse-group")).withUserConfiguration(FailingListeners.class).run(context -> {
            for (int step = 0; step < 5; step++) {
                this.kafka.send(topic, "item-" + step, "ITEM_LISTED", new ItemListed("item-" + step, step));
            }
            this.kafka.send(topic, "item-5", "ITEM_SOLD", new ItemSold("item-5", 5, -1));
            this.kafka.send(topic, "item-6", "ITEM_SOLD", new ItemSold("item-6", 6, -1));
            DeadLetterEndpoint endpoint = context.getBean(DeadLetterEndpoint.class);
            await().atMost(TIMEOUT).until(() -> summary(endpoint, deadLetterTopic).records() == 7);

            TopicSummary summary = summary(endpoint, deadLetterTopic);
            assertThat(summary.sourceTopics()).containsExactly(topic);
            assertThat(summary.exists()).isTrue();
            assertThat(summary.partitions()).hasSize(2);
            assertThat(summary.replayed()).isZero();
            DeadLetterPage first = endpoint.deadLetters(deadLetterTopic, 0, 2, "ITEM_LISTED", null, null, null, null);
            assertThat(first.matched()).isEqualTo(5);
            assertThat(first.complete()).isTrue();
            assertThat(first.deadLetters()).hasSize(2);
            assertThat(endpoint.deadLetters(deadLetterTopic, 2, 2, "ITEM_LISTED", null, null, null, null).deadLetters()).hasSize(1);
            assertThat(endpoint.deadLetters(deadLetterTopic, 3, 2, "ITEM_LISTED", null, null, null, null).deadLetters()).isEmpty();
            assertThat(endpoint.deadLetters(deadLetterTopic, null, null, null, null, null, null, null).deadLetters())
                .extracting(DeadLetterDescriptor::id)
                .doesNotHaveDuplicates()
                .hasSize(7);
            assertThat(endpoint.deadLetters(deadLetterTopic, null, null, null, "EventValidationException", null, null, null)
                .deadLetters()).extracting(d -> d.key().data()).containsExactlyInAnyOrder("item-5", "item-6");
            assertThat(endpoint.deadLetters(deadLetterTopic, null, null, null, "java.lang.IllegalStateException", null, null, null)
                .matched()).isEqualTo(5);
            String inAnHour = Instant.now().plus(Duration.ofHours(1)).toString();
            assertThat(endpoint.deadLetters(deadLetterTopic, null, null, null, null, inAnHour, null, null).matched()).isZero();
            assertThat(endpoint.deadLetters(deadLetterTopic, null, null, null, null, null, inAnHour, null).matched()).isEqualTo(7);
            assertThat(endpoint.deadLetters(deadLetterTopic, null, null, "ITEM_SOLD", "IllegalStateException", null, null, null)
                .matched()).isZero();

            DeadLetterDescriptor deadLetter = endpoint.deadLetters(deadLetterTopic, null, null, null, "IllegalStateException",
                    null, null, null).deadLetters().get(0);
            assertThat(deadLetter.eventType()).isEqualTo("ITEM_LISTED");
            assertThat(deadLetter.originalTopic()).isEqualTo(topic);
            assertThat(deadLetter.exception()).isEqualTo(IllegalStateException.class.getName());
            assertThat(deadLetter.exceptionMessage()).contains("stock service down");
            assertThat(deadLetter.replayed()).isFalse();
            assertThat(deadLetter.value().encoding()).isEqualTo("utf-8");
            assertThat(deadLetter.value().data()).startsWith("{\"itemId\":\"item-");
            assertThat(deadLetter.headers()).anySatisfy(h -> {
                assertThat(h.name()).isEqualTo("kafka_dlt-original-partition");
                assertThat(h.value().encoding()).isEqualTo("number");
                assertThat(h.value().data()).isEqualTo(Integer.toString(deadLetter.partition()));
            });
            assertThat(endpoint.deadLetters(topic, null, null, null, null, null, null, null)).isNull();
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint.deadLetters(deadLetterTopic, null, null, null, null, "yesterday", null, null));
        });
    }

    @Test
    void replayDeliversDeadLettersBackToAnIdempotentListenerWhichProcessesThemOnce() {
        String topic = unique("dlq-replay");
        String group = unique("dlq-replay-group");
        String deadLetterTopic = topic + ".dlq";
        this.kafka.createTopics(3, topic);
        contextRunner(topic, group)
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + unique("replay") + ";DB_CLOSE_DELAY=-1",
                    "karrot.kafka.listener.inbox.jdbc.initialize-schema=always")
            .withUserConfiguration(Sales.class)
            .run(context -> {
                JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                jdbc.execute("CREATE TABLE replay_effect (event_id VARCHAR(255) NOT NULL)");
                Sales sales = context.getBean(Sales.class);
                sales.broken.set(true);
                for (int step = 0; step < 3; step++) {
                    this.kafka.send(topic, "item-" + step, "ITEM_SOLD", new ItemSold("item-" + step, step, 100));
                }
                this.kafka.send(topic, "item-9", "ITEM_LISTED", new ItemListed("item-9", 9));
                DeadLetterEndpoint endpoint = context.getBean(DeadLetterEndpoint.class);
                await().atMost(TIMEOUT).until(() -> summary(endpoint, deadLetterTopic).records() == 4);
                sales.broken.set(false);
                long endBefore = endOffsets(topic);

                ReplayResult dryRun = endpoint.replay(deadLetterTopic, null, "ITEM_SOLD", null, null, null, null);
                assertThat(dryRun.dryRun()).isTrue();
                assertThat(dryRun.matched()).isEqualTo(3);
                assertThat(dryRun.toReplay()).isEqualTo(3);
                assertThat(dryRun.replayed()).isZero();
                assertThat(endOffsets(topic)).isEqualTo(endBefore);

                ReplayResult replay = endpoint.replay(deadLetterTopic, false, "ITEM_SOLD", null, null, null, null);
                assertThat(replay.replayed()).isEqualTo(3);
                assertThat(replay.complete()).isTrue();
                assertThat(replay.error()).isNull();
                await().atMost(TIMEOUT).until(() -> effects(jdbc) == 3);

                List<ConsumerRecord<String, byte[]>> replayed = ListenerTestKafka.read(topic, 7, TIMEOUT)
                    .stream()
                    .filter(record -> replay.replayId().equals(header(record, DeadLetterQueue.REPLAY_ID_HEADER)))
                    .toList();
                List<DeadLetterDescriptor> deadLetters = endpoint
                    .deadLetters(deadLetterTopic, null, null, "ITEM_SOLD", null, null, null, null).deadLetters();
                assertThat(replayed).hasSize(3).allSatisfy(record -> {
                    DeadLetterDescriptor source = deadLetters.stream()
                        .filter(d -> d.id().equals(header(record, DeadLetterQueue.REPLAY_SOURCE_HEADER)))
                        .findFirst()
                        .orElseThrow();
                    assertThat(source.replayed()).isTrue();
                    assertThat(record.key()).isEqualTo(source.key().data());
                    assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(source.value().data());
                    assertThat(record.partition()).isEqualTo(source.partition());
                    assertThat(header(record, CloudEventHeaders.ID)).isEqualTo(headerOf(source, CloudEventHeaders.ID));
                    assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo("ITEM_SOLD");
                    assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo(source.key().data());
                    assertThat(record.headers().toArray()).extracting(Header::key)
                        .noneMatch(name -> name.startsWith("kafka_dlt-"));
                });

                long endAfterReplay = endOffsets(topic);
                ReplayResult again = endpoint.replay(deadLetterTopic, false, "ITEM_SOLD", null, null, null, null);
                assertThat(again.matched()).isEqualTo(3);
                assertThat(again.alreadyReplayed()).isEqualTo(3);
                assertThat(again.replayed()).isZero();
                assertThat(endOffsets(topic)).isEqualTo(endAfterReplay);
                assertThat(summary(endpoint, deadLetterTopic).replayed()).isEqualTo(3);

                // as if the replay had crashed between the send and the replay log: the inbox skips the copy
                resend(replayed.get(0));
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                await().atMost(TIMEOUT).until(() -> count(meters, "karrot.kafka.listener.duplicates", group + "-" + topic,
                        "ITEM_SOLD") == 1);
                assertThat(jdbc.queryForList("SELECT event_id FROM replay_effect", String.class)).hasSize(3)
                    .doesNotHaveDuplicates();
            });
    }

    @Test
    void replayReachesOnlyTheGroupThatDeadLetteredTheRecordOncePerGroup() {
        String topic = unique("dlq-groups");
        String group = unique("dlq-groups");
        String deadLetterTopic = topic + ".dlq";
        this.kafka.createTopics(1, topic);
        contextRunner(topic, group).withUserConfiguration(Search.class, Billing.class).run(context -> {
            Search search = context.getBean(Search.class);
            Billing billing = context.getBean(Billing.class);
            search.broken.set(true);
            billing.broken.set(true);
            this.kafka.send(topic, "item-1", "ITEM_LISTED", new ItemListed("item-1", 1));
            DeadLetterEndpoint endpoint = context.getBean(DeadLetterEndpoint.class);
            await().atMost(TIMEOUT).until(() -> summary(endpoint, deadLetterTopic).records() == 2);
            // the search group dead-letters the record a second time, as after a redelivery before the commit
            ConsumerRecord<String, byte[]> searchDeadLetter = ListenerTestKafka.read(deadLetterTopic, 2, TIMEOUT).stream()
                .filter(record -> (group + "-search").equals(header(record, "kafka_dlt-original-consumer-group")))
                .findFirst()
                .orElseThrow();
            send(new ProducerRecord<>(deadLetterTopic, searchDeadLetter.partition(), searchDeadLetter.key(),
                    searchDeadLetter.value(), searchDeadLetter.headers()));
            search.broken.set(false);
            billing.broken.set(false);

            assertThat(endpoint.deadLetters(deadLetterTopic, null, null, null, null, null, null, group + "-billing")
                .deadLetters()).hasSize(1);
            ReplayResult dryRun = endpoint.replay(deadLetterTopic, null, null, null, null, null, group + "-search");
            assertThat(dryRun.matched()).isEqualTo(2);
            assertThat(dryRun.toReplay()).isEqualTo(1);
            assertThat(dryRun.alreadyReplayed()).isEqualTo(1);
            ReplayResult replay = endpoint.replay(deadLetterTopic, false, null, null, null, null, null);
            assertThat(replay.matched()).isEqualTo(3);
            assertThat(replay.replayed()).isEqualTo(2);
            assertThat(replay.alreadyReplayed()).isEqualTo(1);

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            await().atMost(TIMEOUT).until(() -> count(meters, "karrot.kafka.listener.replays-for-other-groups",
                    group + "-search-" + topic, "ITEM_LISTED") == 1
                    && count(meters, "karrot.kafka.listener.replays-for-other-groups", group + "-billing-" + topic,
                            "ITEM_LISTED") == 1);
            assertThat(search.handled).containsExactly("item-1");
            assertThat(billing.handled).containsExactly("item-1");
            assertThat(ListenerTestKafka.read(topic, 3, TIMEOUT)).extracting(record -> header(record,
                    DeadLetterQueue.REPLAY_GROUP_HEADER)).containsExactlyInAnyOrder(null, group + "-search",
                            group + "-billing");
            assertThat(endpoint.replay(deadLetterTopic, false, null, null, null, null, null).replayed()).isZero();
        });
    }

    @Test
    void deadLettersWithoutAKnownOriginalTopicAreNotReplayed() {
        String topic = unique("dlq-unroutable");
        String deadLetterTopic = topic + ".dlq";
        this.kafka.createTopics(1, topic);
        contextRunner(topic, unique("dlq-unroutable-group")).withUserConfiguration(FailingListeners.class).run(context -> {
            DeadLetterEndpoint endpoint = context.getBean(DeadLetterEndpoint.class);
            await().atMost(TIMEOUT).until(() -> summary(endpoint, deadLetterTopic).exists());
            long endBefore = endOffsets("elsewhere-" + topic);
            ProducerRecord<String, byte[]> forged = new ProducerRecord<>(deadLetterTopic, "k", new byte[] { (byte) 0xff });
            forged.headers().add("kafka_dlt-original-topic", ("elsewhere-" + topic).getBytes(StandardCharsets.UTF_8));
            send(forged);
            send(new ProducerRecord<>(deadLetterTopic, "k", new byte[] { (byte) 0xfe, 0 }));

            ReplayResult replay = endpoint.replay(deadLetterTopic, false, null, null, null, null, null);
            assertThat(replay.matched()).isEqualTo(2);
            assertThat(replay.unroutable()).isEqualTo(2);
            assertThat(replay.replayed()).isZero();
            assertThat(endOffsets("elsewhere-" + topic)).isEqualTo(endBefore);
            assertThat(endpoint.deadLetters(deadLetterTopic, null, null, null, null, null, null, null).deadLetters())
                .extracting(d -> d.value().encoding())
                .containsOnly("base64");
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint.replay(topic, false, null, null, null, null, null));
        });
    }

    private static TopicSummary summary(DeadLetterEndpoint endpoint, String deadLetterTopic) {
        return endpoint.topics().topics().stream().filter(t -> t.topic().equals(deadLetterTopic)).findFirst().orElseThrow();
    }

    private static String headerOf(DeadLetterDescriptor deadLetter, String name) {
        return deadLetter.headers().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow().value().data();
    }

    private static int effects(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM replay_effect", Integer.class);
    }

    /** Sum of the end offsets of a topic's partitions; 0 for a topic that does not exist. */
    private long endOffsets(String topic) throws InterruptedException, ExecutionException {
        int partitions;
        try {
            partitions = this.kafka.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
        catch (ExecutionException ex) {
            return 0;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        return this.kafka.admin().listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    private static void resend(ConsumerRecord<String, byte[]> record) {
        send(new ProducerRecord<>(record.topic(), record.partition(), record.key(), record.value(), record.headers()));
    }

    private static void send(ProducerRecord<String, byte[]> record) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ListenerTestKafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get();
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Fail every listed item after retries, and every invalid sale at once. */
    static class FailingListeners {

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", maxAttempts = "1")
        void listed(ItemListed event) {
            throw new IllegalStateException("stock service down");
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}")
        void sold(@Valid ItemSold event) {
        }
    }

    /** Indexes listed items in group {@code <test.group>-search}; fails while broken. */
    static class Search {

        final AtomicBoolean broken = new AtomicBoolean();

        final List<String> handled = new CopyOnWriteArrayList<>();

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}-search", maxAttempts = "1")
        void listed(ItemListed event) {
            if (this.broken.get()) {
                throw new IllegalStateException("index down");
            }
            this.handled.add(event.itemId());
        }
    }

    /** Bills listed items in group {@code <test.group>-billing}; fails while broken. */
    static class Billing {

        final AtomicBoolean broken = new AtomicBoolean();

        final List<String> handled = new CopyOnWriteArrayList<>();

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}-billing", maxAttempts = "1")
        void listed(ItemListed event) {
            if (this.broken.get()) {
                throw new IllegalStateException("billing down");
            }
            this.handled.add(event.itemId());
        }
    }

    /** Records each sale in its own table, idempotently; fails while broken. */
    static class Sales {

        final AtomicBoolean broken = new AtomicBoolean();

        private final JdbcTemplate jdbc;

        Sales(DataSource dataSource) {
            this.jdbc = new JdbcTemplate(dataSource);
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", idempotent = Idempotency.ON,
                maxAttempts = "1")
        void sold(ItemSold event, EventMetadata metadata) {
            if (this.broken.get()) {
                throw new IllegalStateException("payments down");
            }
            this.jdbc.update("INSERT INTO replay_effect (event_id) VALUES (?)", metadata.id());
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", maxAttempts = "1")
        void listed(ItemListed event) {
            throw new IllegalStateException("never listed");
        }
    }
}
