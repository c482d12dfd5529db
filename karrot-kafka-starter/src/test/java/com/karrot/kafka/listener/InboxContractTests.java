package com.karrot.kafka.listener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.karrot.kafka.autoconfigure.listener.ListenerProperties;
import com.karrot.kafka.event.CloudEventHeaders;
import com.karrot.kafka.event.InvalidEventException;
import com.karrot.kafka.jdbc.TableNames;
import com.karrot.kafka.listener.TestEvents.ItemListed;
import com.karrot.kafka.listener.TestEvents.ItemSold;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

import static com.karrot.kafka.listener.ListenerTestKafka.count;
import static com.karrot.kafka.listener.ListenerTestKafka.header;
import static com.karrot.kafka.listener.ListenerTestKafka.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inbox contract, the same on every database: each database runs it by naming only its connection. Listener
 * tests use the shared broker with their own topic and group, and a business table the handlers write to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InboxContractTests {

    static final String POSTGRES_URL = "KARROT_TEST_POSTGRES_URL";

    static final String MARIADB_URL = "KARROT_TEST_MARIADB_URL";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ListenerTestKafka kafka = new ListenerTestKafka();

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ListenerTestKafka.bootstrapServers()), new StringSerializer(),
            new ByteArraySerializer());

    private HikariDataSource dataSource;

    private JdbcTemplate jdbc;

    abstract String jdbcUrl();

    /** The database's platform, the name of its script: {@code h2}, {@code postgresql} or {@code mariadb}. */
    abstract String platform();

    /** Where the inbox table lives: the default name unless a database says otherwise. */
    TableNames tables() {
        return TableNames.defaults();
    }

    @BeforeAll
    void openDatabase() throws IOException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        if (platform().equals("h2")) {
            // the user Spring Boot gives embedded databases, which the first connection makes the owner
            config.setUsername("sa");
        }
        config.setMaximumPoolSize(4);
        this.dataSource = new HikariDataSource(config);
        String ddl = tables().rewrite(new ClassPathResource("karrot-kafka/schema/inbox/v1/" + platform() + ".sql")
            .getContentAsString(StandardCharsets.UTF_8));
        new ResourceDatabasePopulator(new ByteArrayResource(ddl.getBytes(StandardCharsets.UTF_8)))
            .execute(this.dataSource);
        this.jdbc = new JdbcTemplate(this.dataSource);
        this.jdbc.execute("CREATE TABLE IF NOT EXISTS inbox_test_effect (event_id VARCHAR(255) NOT NULL, "
                + "item_id VARCHAR(255) NOT NULL)");
    }

    @AfterAll
    void close() {
        this.producer.close(Duration.ofSeconds(5));
        this.kafka.close();
        this.dataSource.close();
    }

    @AfterEach
    void forgetFailures() {
        Sales.failures.clear();
        CountingStore.batches.clear();
    }

    private ApplicationContextRunner contextRunner(String topic, String group) {
        return contextRunner(topic, group, Sales.class);
    }

    /** Listeners in batch mode, with an inbox store that counts the batches it records. */
    private ApplicationContextRunner batchedRunner(String topic, String group) {
        return contextRunner(topic, group, BatchedSales.class).withUserConfiguration(CountingStore.class);
    }

    private ApplicationContextRunner contextRunner(String topic, String group, Class<?> listeners) {
        ApplicationContextRunner runner = ListenerTestKafka.contextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + jdbcUrl(), "test.topic=" + topic, "test.group=" + group,
                    "karrot.kafka.listener.inbox.jdbc.initialize-schema=always",
                    "karrot.kafka.listener.inbox.jdbc.table-prefix=" + tables().prefix(),
                    "karrot.kafka.listener.retry.initial-interval=100ms")
            .withUserConfiguration(listeners);
        String schema = tables().schema();
        return schema != null ? runner.withPropertyValues("karrot.kafka.listener.inbox.jdbc.table-schema=" + schema)
                : runner;
    }

    @Test
    void sameEventDeliveredTwiceHasOneEffect() {
        String topic = unique("inbox-twice");
        String group = unique("inbox-twice-group");
        this.kafka.createTopics(1, topic);
        contextRunner(topic, group).run(context -> {
            assertThat(context).hasNotFailed();
            String eventId = UUID.randomUUID().toString();
            send(topic, eventId, "ITEM_SOLD", new ItemSold("item-1", 1, 100));
            send(topic, eventId, "ITEM_SOLD", new ItemSold("item-1", 1, 100));
            String marker = UUID.randomUUID().toString();
            send(topic, marker, "ITEM_SOLD", new ItemSold("item-1", 2, 100));

            await().atMost(TIMEOUT).until(() -> effects(marker) == 1);
            assertThat(effects(eventId)).isEqualTo(1);
            assertThat(inboxRows(group, eventId)).isEqualTo(1);
            String listenerId = group + "-" + topic;
            Map<String, Object> row = this.jdbc.queryForMap("SELECT listener_id, topic, kafka_partition, kafka_offset "
                    + "FROM " + tables().table("inbox") + " WHERE consumer_group = ? AND event_id = ?", group, eventId);
            assertThat(row.values()).extracting(Object::toString).containsExactly(listenerId, topic, "0", "0");
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(count(meters, "karrot.kafka.listener.duplicates", listenerId, "ITEM_SOLD")).isEqualTo(1);
            assertThat(count(meters, "karrot.kafka.listener.processed", listenerId, "ITEM_SOLD")).isEqualTo(2);
        });
    }

    @Test
    void anotherConsumerGroupProcessesTheSameEventAgain() {
        String topic = unique("inbox-groups");
        this.kafka.createTopics(1, topic);
        String eventId = UUID.randomUUID().toString();
        send(topic, eventId, "ITEM_SOLD", new ItemSold("item-2", 1, 100));
        for (String group : List.of(unique("inbox-group-a"), unique("inbox-group-b"))) {
            contextRunner(topic, group).run(context -> await().atMost(TIMEOUT).until(() -> inboxRows(group, eventId) == 1));
        }
        assertThat(effects(eventId)).isEqualTo(2);
    }

    @Test
    void failedHandlerRollsBackItsWritesAndItsInboxRowSoTheRetryProcessesTheEvent() {
        String topic = unique("inbox-retry");
        String group = unique("inbox-retry-group");
        this.kafka.createTopics(1, topic);
        // the ITEM_LISTED listener inherits the inbox from the property
        contextRunner(topic, group).withPropertyValues("karrot.kafka.listener.inbox.enabled=true").run(context -> {
            assertThat(context).hasNotFailed();
            String eventId = UUID.randomUUID().toString();
            Sales.failures.put(eventId, new AtomicInteger(1));
            send(topic, eventId, "ITEM_LISTED", new ItemListed("item-3", 1));

            await().atMost(TIMEOUT).until(() -> effects(eventId) == 1);
            assertThat(Sales.failures.get(eventId).get()).isZero();
            assertThat(inboxRows(group, eventId)).isEqualTo(1);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(count(meters, "karrot.kafka.listener.retried", group + "-" + topic, "ITEM_LISTED")).isEqualTo(1);
        });
    }

    @Test
    void listenerThatTurnsTheInboxOffHandlesEveryDelivery() {
        String topic = unique("inbox-off");
        String group = unique("inbox-off-group");
        this.kafka.createTopics(1, topic);
        contextRunner(topic, group).withPropertyValues("karrot.kafka.listener.inbox.enabled=true")
            .withUserConfiguration(Chats.class)
            .run(context -> {
            assertThat(context).hasNotFailed();
                String eventId = UUID.randomUUID().toString();
                send(topic, eventId, "CHAT_MESSAGE_SENT", new TestEvents.ChatMessageSent("chat-1", 1));
                send(topic, eventId, "CHAT_MESSAGE_SENT", new TestEvents.ChatMessageSent("chat-1", 1));
                await().atMost(TIMEOUT).until(() -> effects(eventId) == 2);
                assertThat(inboxRows(group, eventId)).isZero();
            });
    }

    @Test
    void recordWithoutEventIdGoesToTheDeadLetterTopicAsInvalid() {
        String topic = unique("inbox-no-id");
        String group = unique("inbox-no-id-group");
        this.kafka.createTopics(1, topic);
        contextRunner(topic, group).run(context -> {
            assertThat(context).hasNotFailed();
            send(topic, null, "ITEM_SOLD", new ItemSold("item-4", 1, 100));
            List<ConsumerRecord<String, byte[]>> deadLetters = ListenerTestKafka.read(topic + ".dlq", 1, TIMEOUT);
            assertThat(header(deadLetters.get(0), "kafka_dlt-exception-cause-fqcn"))
                .isEqualTo(InvalidEventException.class.getName());
            assertThat(count(context.getBean(MeterRegistry.class), "karrot.kafka.listener.retried", group + "-" + topic,
                    "ITEM_SOLD")).isZero();
        });
    }

    @Test
    void duplicateEntryIsRefusedAndItsTransactionRolledBack() {
        JdbcInboxStore store = new JdbcInboxStore(this.dataSource, tables());
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
        InboxEntry entry = new InboxEntry(unique("store-group"), UUID.randomUUID().toString(), "listener", "topic", 2, 7,
                Instant.now());
        Boolean first = transactions.execute(status -> store.markProcessed(entry));
        Boolean second = transactions.execute(status -> {
            boolean recorded = store.markProcessed(entry);
            status.setRollbackOnly();
            return recorded;
        });
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(inboxRows(entry.consumerGroup(), entry.eventId())).isEqualTo(1);
    }

    @Test
    void cleanupRemovesOnlyRowsOlderThanTheRetention() {
        JdbcInboxStore store = new JdbcInboxStore(this.dataSource, tables());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String group = unique("cleanup-group");
        for (int i = 0; i < InboxCleaner.BATCH_SIZE + 5; i++) {
            store.markProcessed(new InboxEntry(group, "old-" + i, "listener", "topic", 0, i, now.minus(Duration.ofDays(8))));
        }
        store.markProcessed(new InboxEntry(group, "recent", "listener", "topic", 0, 0, now.minus(Duration.ofDays(6))));
        InboxCleaner cleaner = new InboxCleaner(store, Duration.ofDays(7), Duration.ofHours(1), () -> true,
                Clock.fixed(now, ZoneOffset.UTC));

        assertThat(cleaner.clean()).isGreaterThanOrEqualTo(InboxCleaner.BATCH_SIZE + 5);
        assertThat(this.jdbc.queryForList("SELECT event_id FROM " + tables().table("inbox")
                + " WHERE consumer_group = ?", String.class, group)).containsExactly("recent");
    }

    @Test
    void batchStoreRecordsOnlyTheEventsNotProcessedYetAndLeavesTheTransactionUsable() {
        JdbcInboxStore store = new JdbcInboxStore(this.dataSource, tables());
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
        String group = unique("batch-store-group");
        Instant now = Instant.now();
        // more than two statements' worth, so that both the query and the insert take several
        List<InboxEntry> entries = IntStream.range(0, 2 * JdbcInboxStore.CHUNK + 10)
            .mapToObj(i -> new InboxEntry(group, "event-" + i, "listener", "topic", 0, i, now))
            .toList();
        transactions.executeWithoutResult(status -> store.markProcessed(List.of(entries.get(3), entries.get(700))));
        InboxEntry later = new InboxEntry(group, "later", "listener", "topic", 0, 2000, now);

        List<InboxEntry> recorded = transactions.execute(status -> {
            List<InboxEntry> fresh = store.markProcessed(entries);
            // on PostgreSQL a failed insert would have aborted the transaction: this one must still work
            assertThat(store.markProcessed(later)).isTrue();
            return fresh;
        });

        assertThat(recorded).hasSize(entries.size() - 2).doesNotContain(entries.get(3), entries.get(700));
        assertThat(recorded.get(0)).isEqualTo(entries.get(0));
        assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + tables().table("inbox") + " WHERE consumer_group = ?",
                Integer.class, group)).isEqualTo(entries.size() + 1);
    }

    @Test
    void batchStoreRollsBackWithTheTransaction() {
        JdbcInboxStore store = new JdbcInboxStore(this.dataSource, tables());
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
        String group = unique("batch-rollback-group");
        List<InboxEntry> entries = List.of(new InboxEntry(group, "a", "listener", "topic", 0, 0, Instant.now()),
                new InboxEntry(group, "b", "listener", "topic", 0, 1, Instant.now()));

        transactions.executeWithoutResult(status -> {
            assertThat(store.markProcessed(entries)).isEqualTo(entries);
            status.setRollbackOnly();
        });

        assertThat(inboxRows(group, "a") + inboxRows(group, "b")).isZero();
    }

    @Test
    void batchedListenerHandlesDuplicatesInOneBatchAndAcrossBatchesOnce() {
        String topic = unique("inbox-batch-dups");
        String group = unique("inbox-batch-dups-group");
        this.kafka.createTopics(1, topic);
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String third = UUID.randomUUID().toString();
        // written before the container starts, so that its first poll takes them all
        for (String eventId : List.of(first, second, first, third, second)) {
            send(topic, eventId, "ITEM_SOLD", new ItemSold("item-b1", 1, 100));
        }
        batchedRunner(topic, group).run(context -> {
            assertThat(context).hasNotFailed();
            await().atMost(TIMEOUT).until(() -> effects(third) == 1);
            assertThat(CountingStore.batches).first().isEqualTo(3);
            String fourth = UUID.randomUUID().toString();
            send(topic, third, "ITEM_SOLD", new ItemSold("item-b1", 1, 100));
            send(topic, fourth, "ITEM_SOLD", new ItemSold("item-b1", 2, 100));

            await().atMost(TIMEOUT).until(() -> effects(fourth) == 1);
            for (String eventId : List.of(first, second, third, fourth)) {
                assertThat(effects(eventId)).as(eventId).isEqualTo(1);
                assertThat(inboxRows(group, eventId)).as(eventId).isEqualTo(1);
            }
            String listenerId = group + "-" + topic;
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            await().atMost(TIMEOUT).until(() -> count(meters, "karrot.kafka.listener.duplicates", listenerId,
                    "ITEM_SOLD") == 3);
            assertThat(count(meters, "karrot.kafka.listener.processed", listenerId, "ITEM_SOLD")).isEqualTo(4);
            await().atMost(TIMEOUT).until(() -> this.kafka.committed(group, new TopicPartition(topic, 0)) == 7);
        });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void recordFailingInTheMiddleOfABatchIsRetriedThenDeadLetteredWhileTheOthersAreHandledOnce(CapturedOutput output) {
        String topic = unique("inbox-batch-poison");
        String group = unique("inbox-batch-poison-group");
        this.kafka.createTopics(1, topic);
        List<String> eventIds = IntStream.range(0, 5).mapToObj(i -> UUID.randomUUID().toString()).toList();
        String poison = eventIds.get(2);
        Sales.failures.put(poison, new AtomicInteger(Integer.MAX_VALUE));
        eventIds.forEach(eventId -> send(topic, eventId, "ITEM_SOLD", new ItemSold("item-b2", 1, 100)));
        batchedRunner(topic, group).run(context -> {
            assertThat(context).hasNotFailed();
            List<ConsumerRecord<String, byte[]>> deadLetters = ListenerTestKafka.read(topic + ".dlq", 1, TIMEOUT);
            assertThat(header(deadLetters.get(0), CloudEventHeaders.ID)).isEqualTo(poison);
            assertThat(header(deadLetters.get(0), "kafka_dlt-exception-cause-fqcn"))
                .isEqualTo(IllegalStateException.class.getName());
            await().atMost(TIMEOUT).until(() -> effects(eventIds.get(4)) == 1);

            for (String eventId : eventIds) {
                int once = eventId.equals(poison) ? 0 : 1;
                assertThat(effects(eventId)).as("effects of " + eventId).isEqualTo(once);
                assertThat(inboxRows(group, eventId)).as("inbox rows of " + eventId).isEqualTo(once);
            }
            String listenerId = group + "-" + topic;
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(count(meters, "karrot.kafka.listener.retried", listenerId, "ITEM_SOLD")).isEqualTo(2);
            assertThat(count(meters, "karrot.kafka.listener.dead-lettered", listenerId, "ITEM_SOLD")).isEqualTo(1);
            await().atMost(TIMEOUT).until(() -> count(meters, "karrot.kafka.listener.processed", listenerId,
                    "ITEM_SOLD") == 4);
            await().atMost(TIMEOUT).until(() -> this.kafka.committed(group, new TopicPartition(topic, 0)) == 5);
            assertThat(CountingStore.batches).isNotEmpty();
            // the dead letter's WARN says it all: no ERROR with a stack trace per failed record of a batch
            assertThat(output).doesNotContain("Seek to current after exception");
        });
    }

    @Test
    void handlerFailingOnceInABatchRollsBackItsWritesWithItsInboxRowAndIsHandledOnceByTheRetry() {
        String topic = unique("inbox-batch-retry");
        String group = unique("inbox-batch-retry-group");
        this.kafka.createTopics(1, topic);
        List<String> eventIds = IntStream.range(0, 4).mapToObj(i -> UUID.randomUUID().toString()).toList();
        Sales.failures.put(eventIds.get(1), new AtomicInteger(1));
        eventIds.forEach(eventId -> send(topic, eventId, "ITEM_SOLD", new ItemSold("item-b3", 1, 100)));
        batchedRunner(topic, group).run(context -> {
            assertThat(context).hasNotFailed();
            await().atMost(TIMEOUT).until(() -> eventIds.stream().allMatch(eventId -> effects(eventId) == 1));

            assertThat(Sales.failures.get(eventIds.get(1)).get()).isZero();
            for (String eventId : eventIds) {
                assertThat(inboxRows(group, eventId)).as(eventId).isEqualTo(1);
            }
            String listenerId = group + "-" + topic;
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(count(meters, "karrot.kafka.listener.retried", listenerId, "ITEM_SOLD")).isEqualTo(1);
            assertThat(count(meters, "karrot.kafka.listener.dead-lettered", listenerId, "ITEM_SOLD")).isZero();
            await().atMost(TIMEOUT).until(() -> count(meters, "karrot.kafka.listener.processed", listenerId,
                    "ITEM_SOLD") == 4);
            assertThat(effects(eventIds.get(1))).isEqualTo(1);
            assertThat(CountingStore.batches).isNotEmpty();
        });
    }

    @Test
    void batchModeFromThePropertyAppliesToContainersWhoseListenersAreAllIdempotent() {
        String topic = unique("inbox-batch-property");
        String group = unique("inbox-batch-property-group");
        this.kafka.createTopics(1, topic);
        contextRunner(topic, group).withUserConfiguration(CountingStore.class)
            .withPropertyValues("karrot.kafka.listener.inbox.enabled=true", "karrot.kafka.listener.inbox.mode=batch")
            .run(context -> {
                assertThat(context).hasNotFailed();
                String eventId = UUID.randomUUID().toString();
                Sales.failures.put(eventId, new AtomicInteger(1));
                send(topic, eventId, "ITEM_LISTED", new ItemListed("item-b4", 1));
                send(topic, eventId, "ITEM_LISTED", new ItemListed("item-b4", 1));

                await().atMost(TIMEOUT).until(() -> effects(eventId) == 1 && Sales.failures.get(eventId).get() == 0);
                assertThat(inboxRows(group, eventId)).isEqualTo(1);
                assertThat(CountingStore.batches).isNotEmpty();
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                await().atMost(TIMEOUT).until(() -> count(meters, "karrot.kafka.listener.duplicates",
                        group + "-" + topic, "ITEM_LISTED") == 1);
                assertThat(effects(eventId)).isEqualTo(1);
            });
    }

    @Test
    void batchedRecordWithoutEventIdGoesToTheDeadLetterTopicAsInvalidAfterTheRecordsBeforeIt() {
        String topic = unique("inbox-batch-no-id");
        String group = unique("inbox-batch-no-id-group");
        this.kafka.createTopics(1, topic);
        String before = UUID.randomUUID().toString();
        String after = UUID.randomUUID().toString();
        send(topic, before, "ITEM_SOLD", new ItemSold("item-b5", 1, 100));
        send(topic, null, "ITEM_SOLD", new ItemSold("item-b5", 2, 100));
        send(topic, after, "ITEM_SOLD", new ItemSold("item-b5", 3, 100));
        batchedRunner(topic, group).run(context -> {
            assertThat(context).hasNotFailed();
            List<ConsumerRecord<String, byte[]>> deadLetters = ListenerTestKafka.read(topic + ".dlq", 1, TIMEOUT);
            assertThat(header(deadLetters.get(0), "kafka_dlt-exception-cause-fqcn"))
                .isEqualTo(InvalidEventException.class.getName());
            await().atMost(TIMEOUT).until(() -> effects(after) == 1);
            assertThat(effects(before)).isEqualTo(1);
            assertThat(count(context.getBean(MeterRegistry.class), "karrot.kafka.listener.retried", group + "-" + topic,
                    "ITEM_SOLD")).isZero();
            assertThat(CountingStore.batches).isNotEmpty();
        });
    }

    @Test
    void storeWithoutBatchesOfItsOwnHandlesABatchWithAProcessedEventRecordByRecord() {
        String topic = unique("inbox-batch-spi");
        String group = unique("inbox-batch-spi-group");
        this.kafka.createTopics(1, topic);
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        contextRunner(topic, group, BatchedSales.class).withUserConfiguration(SingleEntryStore.class).run(context -> {
            assertThat(context).hasNotFailed();
            send(topic, first, "ITEM_SOLD", new ItemSold("item-b6", 1, 100));
            await().atMost(TIMEOUT).until(() -> effects(first) == 1);
            // the default batch method gives up at the processed event; the batch is then handled one by one
            send(topic, first, "ITEM_SOLD", new ItemSold("item-b6", 1, 100));
            send(topic, second, "ITEM_SOLD", new ItemSold("item-b6", 2, 100));

            await().atMost(TIMEOUT).until(() -> effects(second) == 1);
            assertThat(effects(first)).isEqualTo(1);
            assertThat(inboxRows(group, first) + inboxRows(group, second)).isEqualTo(2);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            String listenerId = group + "-" + topic;
            await().atMost(TIMEOUT).until(() -> count(meters, "karrot.kafka.listener.duplicates", listenerId,
                    "ITEM_SOLD") == 1);
            assertThat(count(meters, "karrot.kafka.listener.processed", listenerId, "ITEM_SOLD")).isEqualTo(2);
        });
    }

    private void send(String topic, @Nullable String eventId, String type, Object event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "key", ListenerTestKafka.JSON.writeValueAsBytes(event));
        if (eventId != null) {
            record.headers().add(CloudEventHeaders.ID, eventId.getBytes(StandardCharsets.UTF_8));
        }
        record.headers().add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        try {
            this.producer.send(record).get();
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private int effects(String eventId) {
        return this.jdbc.queryForObject("SELECT COUNT(*) FROM inbox_test_effect WHERE event_id = ?", Integer.class, eventId);
    }

    private int inboxRows(String group, String eventId) {
        return this.jdbc.queryForObject("SELECT COUNT(*) FROM " + tables().table("inbox")
                + " WHERE consumer_group = ? AND event_id = ?", Integer.class, group, eventId);
    }

    /** Writes a row per event to the business table; fails after writing while an event has failures left. */
    static class Sales {

        static final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

        private final JdbcTemplate jdbc;

        Sales(DataSource dataSource) {
            this.jdbc = new JdbcTemplate(dataSource);
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", idempotent = Idempotency.ON)
        void sold(ItemSold event, EventMetadata metadata) {
            this.jdbc.update("INSERT INTO inbox_test_effect (event_id, item_id) VALUES (?, ?)", metadata.id(),
                    event.itemId());
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}")
        void listed(ItemListed event, EventMetadata metadata) {
            this.jdbc.update("INSERT INTO inbox_test_effect (event_id, item_id) VALUES (?, ?)", metadata.id(),
                    event.itemId());
            AtomicInteger left = failures.get(metadata.id());
            if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("failing once after writing");
            }
        }
    }

    /**
     * Handles sales in batches, one transaction per poll: writes a row per event, and fails after writing while the
     * event has failures left.
     */
    static class BatchedSales {

        private final JdbcTemplate jdbc;

        BatchedSales(DataSource dataSource) {
            this.jdbc = new JdbcTemplate(dataSource);
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", idempotent = Idempotency.ON,
                inboxMode = InboxMode.BATCH)
        void sold(ItemSold event, EventMetadata metadata) {
            this.jdbc.update("INSERT INTO inbox_test_effect (event_id, item_id) VALUES (?, ?)", metadata.id(),
                    event.itemId());
            AtomicInteger left = Sales.failures.get(metadata.id());
            if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("failing after writing");
            }
        }
    }

    /** The application's inbox store: the starter's, counting the events of each batch it is asked to record. */
    @Configuration(proxyBeanMethods = false)
    static class CountingStore {

        static final List<Integer> batches = new CopyOnWriteArrayList<>();

        @Bean
        InboxStore countingInboxStore(DataSource dataSource, ListenerProperties properties) {
            JdbcInboxStore store = new JdbcInboxStore(dataSource, properties.getInbox().getJdbc().tableNames());
            return new InboxStore() {

                @Override
                public boolean markProcessed(InboxEntry entry) {
                    return store.markProcessed(entry);
                }

                @Override
                public List<InboxEntry> markProcessed(List<InboxEntry> entries) {
                    batches.add(entries.size());
                    return store.markProcessed(entries);
                }

                @Override
                public int deleteProcessedBefore(Instant cutoff, int limit) {
                    return store.deleteProcessedBefore(cutoff, limit);
                }
            };
        }
    }

    /** An inbox store of the SPI before batches: it records one entry at a time, and batches take the default. */
    @Configuration(proxyBeanMethods = false)
    static class SingleEntryStore {

        @Bean
        InboxStore singleEntryInboxStore(DataSource dataSource, ListenerProperties properties) {
            JdbcInboxStore store = new JdbcInboxStore(dataSource, properties.getInbox().getJdbc().tableNames());
            return new InboxStore() {

                @Override
                public boolean markProcessed(InboxEntry entry) {
                    return store.markProcessed(entry);
                }

                @Override
                public int deleteProcessedBefore(Instant cutoff, int limit) {
                    return store.deleteProcessedBefore(cutoff, limit);
                }
            };
        }
    }

    /** Handles chat messages without the inbox, whatever the property says. */
    static class Chats {

        private final JdbcTemplate jdbc;

        Chats(DataSource dataSource) {
            this.jdbc = new JdbcTemplate(dataSource);
        }

        @KarrotEventListener(topics = "${test.topic}", groupId = "${test.group}", eventTypes = "CHAT_MESSAGE_SENT",
                idempotent = Idempotency.OFF)
        void sent(TestEvents.ChatMessageSent event, EventMetadata metadata) {
            this.jdbc.update("INSERT INTO inbox_test_effect (event_id, item_id) VALUES (?, ?)", metadata.id(),
                    event.chatId());
        }
    }
}
